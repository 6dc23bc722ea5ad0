package io.sitewatch.alerter.rule;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact binary form of {@link SiteState} (it is read and written on every measurement, so not JSON).
 * Layout, version 1: version byte, status byte, flags byte (1 = registered, 2 = NO_DATA reported), five longs
 * (maxSeen, downSince, lastTransition, lastSample, lastSampleWallClock), entry count (int), then per entry:
 * time (long), up (byte: 0 down, 1 up, 2 not counted), id length (short) and id (UTF-8).
 */
public final class SiteStateCodec {
    private static final byte VERSION = 1;

    private SiteStateCodec() {
    }

    public static byte[] encode(SiteState s) {
        List<SiteState.Entry> entries = s.entries();
        List<byte[]> ids = new ArrayList<>(entries.size());
        int size = 3 + 5 * 8 + 4;
        for (SiteState.Entry e : entries) {
            byte[] id = e.id().getBytes(StandardCharsets.UTF_8);
            if (id.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("measurement id longer than " + Short.MAX_VALUE + " bytes");
            }
            ids.add(id);
            size += 8 + 1 + 2 + id.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION);
        b.put((byte) s.status().ordinal());
        b.put((byte) ((s.registered() ? 1 : 0) | (s.noDataReported() ? 2 : 0)));
        b.putLong(s.maxSeen()).putLong(s.downSince()).putLong(s.lastTransition()).putLong(s.lastSample())
                .putLong(s.lastSampleWallClock());
        b.putInt(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            SiteState.Entry e = entries.get(i);
            b.putLong(e.time());
            b.put(e.up() == null ? 2 : e.up() ? (byte) 1 : (byte) 0);
            b.putShort((short) ids.get(i).length);
            b.put(ids.get(i));
        }
        return b.array();
    }

    public static SiteState decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte version = b.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown site state version " + version);
        }
        SiteStatus status = SiteStatus.values()[b.get()];
        byte flags = b.get();
        long maxSeen = b.getLong();
        long downSince = b.getLong();
        long lastTransition = b.getLong();
        long lastSample = b.getLong();
        long lastSampleWallClock = b.getLong();
        int n = b.getInt();
        List<SiteState.Entry> entries = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            long time = b.getLong();
            byte up = b.get();
            byte[] id = new byte[b.getShort()];
            b.get(id);
            entries.add(new SiteState.Entry(new String(id, StandardCharsets.UTF_8), time,
                    up == 2 ? null : up == 1));
        }
        return new SiteState(entries, maxSeen, status, downSince, lastTransition, lastSample, lastSampleWallClock,
                (flags & 1) != 0, (flags & 2) != 0);
    }
}
