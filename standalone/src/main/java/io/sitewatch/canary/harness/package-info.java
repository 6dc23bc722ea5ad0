/**
 * The canary harness: drives a whole sitewatch deployment (each service in its own JVM, or an existing
 * deployment) with simulated sites and scripted faults, checks the invariants (nothing lost, nothing counted
 * twice, exactly the alerts the rule gives) and writes the report, optionally side by side with Prometheus +
 * blackbox_exporter probing the same sites. The simulated sites themselves live in the canary module.
 */
package io.sitewatch.canary.harness;
