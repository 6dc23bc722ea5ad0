package io.sitewatch.canary.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PromTextTest {
    static final String PAGE = String.join("\n",
            "# HELP sitewatch_schedule_lag_seconds How late",
            "# TYPE sitewatch_schedule_lag_seconds histogram",
            "sitewatch_schedule_lag_seconds_bucket{le=\"0.001\"} 10",
            "sitewatch_schedule_lag_seconds_bucket{le=\"0.01\"} 90",
            "sitewatch_schedule_lag_seconds_bucket{le=\"0.1\"} 100",
            "sitewatch_schedule_lag_seconds_bucket{le=\"+Inf\"} 100",
            "sitewatch_schedule_lag_seconds_count 100",
            "sitewatch_checks_total{result=\"up\"} 40.0",
            "sitewatch_checks_total{result=\"TIMEOUT\"} 2.0",
            "sitewatch_checks_totally_other 7",
            "");

    @Test
    void sumsEveryLabelSetOfACounterAndNothingElse() {
        assertEquals(42.0, PromText.sum(PAGE, "sitewatch_checks_total"));
        assertEquals(0.0, PromText.sum(PAGE, "absent_total"));
    }

    @Test
    void quantilesInterpolateInsideTheBucket() {
        TreeMap<Double, Double> b = PromText.buckets(PAGE, "sitewatch_schedule_lag_seconds");
        assertEquals(4, b.size());
        // rank 50 lies in (0.001, 0.01] holding ranks 11..90: 0.001 + 0.009 · 40/80
        assertEquals(0.0055, PromText.quantile(b, 0.5), 1e-9);
        // rank 99 in (0.01, 0.1] holding 91..100: 0.01 + 0.09 · 9/10
        assertEquals(0.091, PromText.quantile(b, 0.99), 1e-9);
        assertNull(PromText.quantile(Map.of(), 0.5));
    }

    @Test
    void deltaSubtractsAndTakesTheNewCountsAfterARestart() {
        Map<Double, Double> earlier = Map.of(0.01, 5.0, Double.POSITIVE_INFINITY, 10.0);
        Map<Double, Double> later = Map.of(0.01, 15.0, Double.POSITIVE_INFINITY, 30.0);
        assertEquals(Map.of(0.01, 10.0, Double.POSITIVE_INFINITY, 20.0), PromText.delta(earlier, later));
        Map<Double, Double> restarted = Map.of(0.01, 2.0, Double.POSITIVE_INFINITY, 3.0);
        assertEquals(restarted, PromText.delta(later, restarted));
    }
}
