package io.sitewatch.canary.harness;

/**
 * A scripted outage of a simulated site: down from {@code from} (inclusive) to {@code until} (exclusive),
 * epoch ms.
 */
public record ScriptedOutage(String site, long from, long until) {
    public ScriptedOutage {
        if (until <= from) {
            throw new IllegalArgumentException("outage of " + site + " must end after it starts, was " + from + ".." + until);
        }
    }
}
