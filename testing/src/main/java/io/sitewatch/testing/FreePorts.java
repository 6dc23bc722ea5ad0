package io.sitewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds free TCP ports on the loopback interface.
 *
 * <p>A port returned here was free a moment ago; another process may take it before the caller binds it.
 * Prefer binding to port 0 and asking the socket for its port whenever the server under test allows it.
 *
 * <p>A port is never returned twice by one JVM: the kernel may hand a just-closed ephemeral port out again on the
 * next ask, and two servers of one test given the same port fail in confusing ways.
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * Returns a TCP port that is currently free on {@code 127.0.0.1}.
     *
     * @return a port number between 1 and 65535
     * @throws UncheckedIOException if no port can be bound
     */
    public static int loopback() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free loopback port", e);
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port not handed out before, after 100 tries"));
    }
}
