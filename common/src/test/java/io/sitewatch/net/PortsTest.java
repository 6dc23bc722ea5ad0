package io.sitewatch.net;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void aTakenPortNamesTheFlagToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Ports.requireFree("127.0.0.1", port, "--http-port", "--http-host", "another one?"))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + port + " is in use (another one?); stop it or choose another port with "
                            + "--http-port");
            // listening on every address needs the loopback one too
            assertThatThrownBy(() -> Ports.requireFree("0.0.0.0", port, "--port", "--bind", "x"))
                    .isInstanceOf(PortInUseException.class);
        }
    }

    @Test
    void anAddressNotOfThisMachineNamesTheHostFlag() {
        assertThatThrownBy(() -> Ports.requireFree("192.0.2.1", 8080, "--port", "--bind", "x"))
                .isNotInstanceOf(PortInUseException.class)
                .hasMessageStartingWith("--bind: cannot listen on 192.0.2.1 (")
                .hasMessageEndingWith("); use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
        assertThatThrownBy(() -> Ports.requireFree("no-such-host.invalid", 8080, "--port", "--bind", "x"))
                .hasMessage("--bind: unknown address \"no-such-host.invalid\"; use an address of this machine, e.g. "
                        + "127.0.0.1 or 0.0.0.0");
    }

    @Test
    void aFreePortAndPortZeroPass() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int free = port;
        assertThatCode(() -> Ports.requireFree("127.0.0.1", free, "--port", "--bind", "x")).doesNotThrowAnyException();
        assertThatCode(() -> Ports.requireFree("127.0.0.1", 0, "--port", "--bind", "x")).doesNotThrowAnyException();
    }
}
