package io.sitewatch.canary.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

import io.sitewatch.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimulatedSitesPortsTest {

    @Test
    void listensOnTheGivenPorts() {
        int httpPort = FreePorts.loopback();
        int httpsPort = FreePorts.loopback();

        try (SimulatedSites sites = SimulatedSites.builder().httpPort(httpPort).httpsPort(httpsPort).build().start()) {
            assertThat(sites.httpPort()).isEqualTo(httpPort);
            assertThat(sites.httpsPort()).isEqualTo(httpsPort);
            assertThat(sites.url("a")).hasToString("http://127.0.0.1:" + httpPort + "/site/a");
        }
    }

    @Test
    void aBusyPortFailsStartAndLeavesNothingRunning() {
        try (SimulatedSites first = new SimulatedSites().start()) {
            SimulatedSites second = SimulatedSites.builder().httpPort(first.httpPort()).build();

            assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class);
            second.close();
        }
    }

    @Test
    void portsAreUnknownBeforeStartAndACloseSimulatorCannotRestart() {
        SimulatedSites sites = new SimulatedSites();
        assertThatThrownBy(sites::httpPort).isInstanceOf(IllegalStateException.class);

        sites.start();
        sites.close();

        assertThatThrownBy(sites::start).isInstanceOf(IllegalStateException.class);
    }
}
