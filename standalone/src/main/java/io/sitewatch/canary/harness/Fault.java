package io.sitewatch.canary.harness;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The faults a canary run can inject, named as on the command line ({@code kill-prober}, …). */
public enum Fault {
    KILL_PROBER(true),
    KILL_STATS(true),
    KILL_ALERTER(true),
    BROKER_STOP(true),
    STORE_OUTAGE(true),
    POISON(false),
    HOSTILE(false);

    private final boolean needsProcessControl;

    Fault(boolean needsProcessControl) {
        this.needsProcessControl = needsProcessControl;
    }

    /** Whether the fault needs the canary to run the processes itself (not possible on an existing deployment). */
    public boolean needsProcessControl() {
        return needsProcessControl;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code kill-prober,poison}; an empty text or {@code none} is no fault. */
    public static Set<Fault> parseList(String text) {
        Set<Fault> out = EnumSet.noneOf(Fault.class);
        if (text == null || text.isBlank() || text.trim().equals("none")) {
            return out;
        }
        for (String part : text.split(",")) {
            String name = part.trim();
            Fault match = null;
            for (Fault f : values()) {
                if (f.cliName().equals(name)) {
                    match = f;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("--faults: unknown fault \"" + name + "\"; use any of "
                        + java.util.Arrays.stream(values()).map(Fault::cliName).toList());
            }
            out.add(match);
        }
        return out;
    }
}
