package io.sitewatch.alerter.rule;

import java.nio.ByteBuffer;

/**
 * A compact binary form of {@link SiteState} (it is read and written on every measurement, so not JSON).
 * Layout, version 4: version byte, status byte, flags byte (1 = registered, 2 = NO_DATA reported), seven longs
 * (maxSeen, downSince, lastTransition, lastSample, lastSampleWallClock, removedAt, forgottenUpTo), entry count
 * (int), then per entry: time (long), id hash (long), up (byte: 0 down, 1 up, 2 not counted). A site checked every
 * 10 s keeps 15 entries (W 2m + grace 30s): about 310 bytes. Versions 2 (five longs, before removedAt) and 3 (six
 * longs, before forgottenUpTo) are still read, so that an upgraded alerter restores the states in its changelog;
 * they read as having forgotten nothing, which is how those versions judged.
 */
public final class SiteStateCodec {
    private static final byte VERSION = 4;
    private static final byte VERSION_3 = 3;
    private static final byte VERSION_2 = 2;
    private static final int HEADER = 3 + 7 * 8 + 4;
    private static final int ENTRY = 8 + 8 + 1;

    private SiteStateCodec() {
    }

    public static byte[] encode(SiteState s) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + ENTRY * s.size);
        b.put(VERSION);
        b.put((byte) s.status().ordinal());
        b.put((byte) ((s.registered() ? 1 : 0) | (s.noDataReported() ? 2 : 0)));
        b.putLong(s.maxSeen()).putLong(s.downSince()).putLong(s.lastTransition()).putLong(s.lastSample())
                .putLong(s.lastSampleWallClock()).putLong(s.removedAt()).putLong(s.forgottenUpTo());
        b.putInt(s.size);
        for (int i = 0; i < s.size; i++) {
            b.putLong(s.times[i]).putLong(s.ids[i]).put(s.ups[i]);
        }
        return b.array();
    }

    public static SiteState decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte version = b.get();
        if (version != VERSION && version != VERSION_3 && version != VERSION_2) {
            throw new IllegalArgumentException("unknown site state version " + version);
        }
        SiteStatus status = SiteStatus.values()[b.get()];
        byte flags = b.get();
        long maxSeen = b.getLong();
        long downSince = b.getLong();
        long lastTransition = b.getLong();
        long lastSample = b.getLong();
        long lastSampleWallClock = b.getLong();
        long removedAt = version == VERSION_2 ? SiteState.NONE : b.getLong();
        long forgottenUpTo = version == VERSION ? b.getLong() : SiteState.NONE;
        int n = b.getInt();
        int capacity = Math.max(16, n + 4);
        long[] times = new long[capacity];
        long[] ids = new long[capacity];
        byte[] ups = new byte[capacity];
        for (int i = 0; i < n; i++) {
            times[i] = b.getLong();
            ids[i] = b.getLong();
            ups[i] = b.get();
        }
        return new SiteState(times, ids, ups, n, maxSeen, status, downSince, lastTransition, lastSample,
                lastSampleWallClock, (flags & 1) != 0, (flags & 2) != 0, removedAt, forgottenUpTo);
    }
}
