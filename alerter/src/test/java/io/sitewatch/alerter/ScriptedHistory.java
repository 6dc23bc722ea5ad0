package io.sitewatch.alerter;

import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.Measurement;
import io.sitewatch.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A measurement history for five sites, with the alerts it must produce worked out by hand (defaults:
 * W = 2m, threshold 0.80, interval 10s, minSamples 6). Checks every 10 s from {@code t0}.
 * <ul>
 *   <li>alpha: 30 ups — nothing.</li>
 *   <li>bravo: ups 0..140, downs 150..290, ups 300..490 — DOWN at 170 ((50, 170]: 9 of 12), RECOVERED at 390
 *       ((270, 390]: 10 of 12).</li>
 *   <li>charlie: downs 0..50, ups 60..290 — DOWN at 50 (0 of 6), RECOVERED at 150 ((30, 150]: 10 of 12).</li>
 *   <li>delta (registered: threshold 0.5, window 1m, so minSamples 3): ups 0..90, downs 100..200 — DOWN at 130
 *       ((70, 130]: 2 of 6); with the defaults it would have been 120.</li>
 *   <li>echo: downs 0..50, each sent twice, the one at 30 arriving 15 s late, and a poison record — DOWN at 50
 *       with 6 samples, not 12.</li>
 * </ul>
 */
public final class ScriptedHistory {
    public final Instant t0;
    public final Checks alpha;
    public final Checks bravo;
    public final Checks charlie;
    public final Checks delta;
    public final Checks echo;
    /** Every measurement, in the order to produce it (by time, sites interleaved; echo's late one moved). */
    public final List<Measurement> measurements;
    public final List<Target> targets;

    public ScriptedHistory(Instant t0) {
        this.t0 = t0;
        alpha = Checks.at(t0).site("alpha");
        bravo = Checks.at(t0).site("bravo");
        charlie = Checks.at(t0).site("charlie");
        delta = Checks.at(t0).site("delta");
        echo = Checks.at(t0).site("echo");
        targets = List.of(new Target("delta", delta.url(), Duration.ofSeconds(10), null, null, null, null, true, 5,
                new AlertingPolicy(0.5, Duration.ofMinutes(1), null), null));
        List<Measurement> all = new ArrayList<>();
        for (int t = 0; t < 500; t += 10) {
            if (t < 300) {
                all.add(alpha.up(t));
                all.add(t < 60 ? charlie.down(t) : charlie.up(t));
            }
            all.add(t < 150 || t >= 300 ? bravo.up(t) : bravo.down(t));
            if (t <= 200) {
                all.add(t < 100 ? delta.up(t) : delta.down(t));
            }
        }
        all.sort(Comparator.comparing(Measurement::time));
        List<Measurement> withEcho = new ArrayList<>();
        Measurement lateEcho = echo.of("echo-30", 30, false);
        for (Measurement m : all) {
            withEcho.add(m);
            long s = Duration.between(t0, m.time()).toSeconds();
            if (m.site().equals("alpha") && s <= 50 && s != 30) {
                Measurement e = echo.of("echo-" + s, s, false);
                withEcho.add(e);
                withEcho.add(e); // duplicate
            }
            if (m.site().equals("alpha") && s == 40) {
                withEcho.add(lateEcho); // 10 s behind echo's newest: within the grace
                withEcho.add(lateEcho);
            }
        }
        measurements = List.copyOf(withEcho);
    }

    /** The poison record sent for echo (not a measurement). */
    public static final String POISON = "{\"id\":\"echo-poison\",\"site\":\"echo\"";

    /** The alerts, per site, in order. */
    public Map<String, List<Alert>> expectedAlerts() {
        Duration w = Duration.ofMinutes(2);
        Map<String, List<Alert>> out = new LinkedHashMap<>();
        out.put("bravo", List.of(
                Alert.down("bravo", bravo.url(), 9 / 12.0, 0.8, w, 12, bravo.time(170)),
                Alert.recovered("bravo", bravo.url(), 10 / 12.0, 0.8, w, 12, bravo.time(390), bravo.time(170))));
        out.put("charlie", List.of(
                Alert.down("charlie", charlie.url(), 0.0, 0.8, w, 6, charlie.time(50)),
                Alert.recovered("charlie", charlie.url(), 10 / 12.0, 0.8, w, 12, charlie.time(150), charlie.time(50))));
        out.put("delta", List.of(
                Alert.down("delta", delta.url(), 2 / 6.0, 0.5, Duration.ofMinutes(1), 6, delta.time(130))));
        out.put("echo", List.of(Alert.down("echo", echo.url(), 0.0, 0.8, w, 6, echo.time(50))));
        return out;
    }
}
