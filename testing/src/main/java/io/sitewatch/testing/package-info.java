/**
 * Shared test fixtures for sitewatch modules: an embedded single-node KRaft broker
 * ({@link io.sitewatch.testing.EmbeddedKafkaExtension}) and loopback port helpers.
 *
 * <p>Depend on this module with {@code <scope>test</scope>}.
 */
package io.sitewatch.testing;
