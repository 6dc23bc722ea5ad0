package io.sitewatch.model;

import io.sitewatch.time.Durations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/** The alert texts users read and match on. */
public final class AlertMessages {
    private AlertMessages() {
    }

    /** {@code Website {site} is down. availability={availability}, time={time}}. */
    public static String down(String site, double availability, Instant time) {
        return "Website " + site + " is down. availability=" + percent(availability) + ", time=" + time;
    }

    /** {@code Website {site} recovered. availability={availability}, time={time}, down for {duration}}. */
    public static String recovered(String site, double availability, Instant time, Instant downSince) {
        String downFor = downSince == null ? "unknown"
                : Durations.format(Duration.between(downSince, time).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        return "Website " + site + " recovered. availability=" + percent(availability) + ", time=" + time
                + ", down for " + downFor;
    }

    /** {@code Website {site} has no data. time={time}, last measurement={lastSeen}}. */
    public static String noData(String site, Instant time, Instant lastSeen) {
        return "Website " + site + " has no data. time=" + time + ", last measurement="
                + (lastSeen == null ? "never" : lastSeen.toString());
    }

    /** 0.75 → {@code 75%}, 2/3 → {@code 66.67%}, 0.805 → {@code 80.5%}: at most two decimals, no trailing zeros. */
    public static String percent(double availability) {
        BigDecimal p = BigDecimal.valueOf(availability).multiply(BigDecimal.valueOf(100))
                .setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        if (p.scale() < 0) {
            p = p.setScale(0);
        }
        return p.toPlainString() + "%";
    }
}
