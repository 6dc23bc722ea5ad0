package io.sitewatch.prober.http;

import io.sitewatch.model.Target;

/** Runs one check of a target. {@link HttpCheck} is the real one; tests plug in their own. */
@FunctionalInterface
public interface Checker {
    /**
     * @throws CheckNotRunException when the check cannot be run for a reason that is not the site's (a header's
     *                              environment variable is missing): nothing is published for it
     */
    CheckResult check(Target target);
}
