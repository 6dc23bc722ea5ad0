package io.sitewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds free TCP ports on the loopback interface.
 *
 * <p>A port returned here was free a moment ago; another process may take it before the caller binds it.
 * Prefer binding to port 0 and asking the socket for its port whenever the server under test allows it.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns a TCP port that is currently free on {@code 127.0.0.1}.
     *
     * @return a port number between 1 and 65535
     * @throws UncheckedIOException if no port can be bound
     */
    public static int loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
