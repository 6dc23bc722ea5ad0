/**
 * Simulated web sites for tests, the demo and benchmarks: {@link io.sitewatch.canary.sim.SimulatedSites}
 * serves many sites, each with its own {@link io.sitewatch.canary.sim.SiteBehavior} (healthy, slow, down,
 * flaky, or one of many faults), over HTTP and HTTPS on the loopback interface.
 */
package io.sitewatch.canary.sim;
