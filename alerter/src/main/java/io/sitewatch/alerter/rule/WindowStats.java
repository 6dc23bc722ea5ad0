package io.sitewatch.alerter.rule;

/**
 * What one window holds: {@code samples} measurements that ran ({@code up} ≠ null), {@code up} of them up.
 *
 * @param up      measurements with {@code up = true}
 * @param samples measurements with {@code up} ≠ null
 */
public record WindowStats(int up, int samples) {
    public WindowStats {
        if (samples < 0 || up < 0 || up > samples) {
            throw new IllegalArgumentException("window stats must have 0 <= up <= samples, was up=" + up
                    + ", samples=" + samples);
        }
    }

    /** up / samples; 0 for an empty window (never used to alert: an empty window has too few samples). */
    public double availability() {
        return samples == 0 ? 0.0 : (double) up / samples;
    }
}
