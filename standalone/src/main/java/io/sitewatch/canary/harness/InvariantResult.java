package io.sitewatch.canary.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one invariant: held or broken, with the counts that show why.
 *
 * @param name     short name, e.g. {@code store-exactly-once}
 * @param held     true when the invariant holds
 * @param counts   the figures behind the verdict, in a stable order
 * @param examples up to a few concrete offending items (site, bucket, alert), for a person to follow up
 */
public record InvariantResult(String name, boolean held, Map<String, Long> counts, List<String> examples) {
    static final int MAX_EXAMPLES = 8;

    public InvariantResult {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        examples = List.copyOf(examples.subList(0, Math.min(MAX_EXAMPLES, examples.size())));
    }

    /** A line such as {@code BROKEN store-exactly-once: topic=120 stored=119 missing=1 extra=0}. */
    public String line() {
        StringBuilder b = new StringBuilder(held ? "held   " : "BROKEN ").append(name).append(':');
        counts.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }
}
