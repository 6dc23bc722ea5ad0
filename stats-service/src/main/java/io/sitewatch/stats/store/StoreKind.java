package io.sitewatch.stats.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The stores a user can choose with {@code --store}. */
public enum StoreKind {
    MEMORY("memory"),
    INFLUXDB("influxdb");

    private final String flag;

    StoreKind(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static StoreKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (StoreKind k : values()) {
            if (k.flag.equals(t) || (k == INFLUXDB && t.equals("influx"))) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(StoreKind::flag)
                .collect(Collectors.joining(", ")) + ", was \"" + text + "\"");
    }

    @Override
    public String toString() {
        return flag;
    }
}
