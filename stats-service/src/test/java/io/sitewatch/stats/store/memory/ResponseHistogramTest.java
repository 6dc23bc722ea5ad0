package io.sitewatch.stats.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResponseHistogramTest {
    @Test
    void oneCheckGivesItsOwnTimeForEveryPercentile() {
        double[] p = percentiles(191.3);
        assertThat(p).containsExactly(191.3, 191.3, 191.3);
    }

    @Test
    void theTopRankIsTheExactMaximumAndLowerRanksTheirBinsMiddle() {
        // ten checks: p50 is the 5th (about 104 ms, read from its bin), p95 and p99 the 10th, the maximum
        double[] p = percentiles(100, 101, 102, 103, 104, 105, 106, 107, 108, 250.5);
        assertThat(p[0]).isCloseTo(104, within(104 * 0.025));
        assertThat(p[1]).isEqualTo(250.5);
        assertThat(p[2]).isEqualTo(250.5);
    }

    @Test
    void theOpenEndedLastBinReadsAsTheMaximum() {
        double[] values = new double[200];
        java.util.Arrays.fill(values, 10);
        values[197] = 300_000;
        values[198] = 400_000;
        values[199] = 600_000; // all three in the last bin (from about 4 minutes up)
        double[] p = percentiles(values);
        assertThat(p[0]).isCloseTo(10, within(0.25));
        assertThat(p[2]).isEqualTo(600_000); // rank 198 (300,000 ms) is in the last bin: read as the maximum
    }

    private static double[] percentiles(double... values) {
        long[] counts = new long[ResponseHistogram.BINS];
        int min = ResponseHistogram.BINS;
        int max = -1;
        double top = 0;
        for (double v : values) {
            int b = ResponseHistogram.bin(v);
            counts[b]++;
            min = Math.min(min, b);
            max = Math.max(max, b);
            top = Math.max(top, v);
        }
        return ResponseHistogram.percentiles(counts, min, max, values.length, top, 50, 95, 99);
    }
}
