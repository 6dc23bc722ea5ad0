package io.sitewatch.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Checks, before a service starts anything, that the port it will listen on is free, so that a taken port is a
 * quick error naming the flag (exit status 2) rather than a server's own failure after Kafka and the rest started.
 */
public final class Ports {
    private Ports() {
    }

    /** {@link #requireFree(InetAddress, int, String, String, String)} for a host flag's value. */
    public static void requireFree(String host, int port, String flag, String hostFlag, String hint) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(hostFlag + ": unknown address \"" + host + "\"; use an address of this "
                    + "machine, e.g. 127.0.0.1 or 0.0.0.0");
        }
        requireFree(address, port, flag, hostFlag, hint);
    }

    /**
     * Throws {@link PortInUseException} naming {@code flag} when {@code port} on {@code address} is taken, or an
     * {@link IllegalArgumentException} naming {@code hostFlag} when nothing can listen on {@code address} here at
     * all. Port 0 (any free port) is always free.
     */
    public static void requireFree(InetAddress address, int port, String flag, String hostFlag, String hint) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port), 1);
        } catch (BindException e) {
            if (e.getMessage() != null && !e.getMessage().contains("in use")) {
                throw new IllegalArgumentException(hostFlag + ": cannot listen on " + address.getHostAddress()
                        + " (" + e.getMessage() + "); use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
            }
            throw inUse(port, flag, hint);
        } catch (IOException e) {
            throw inUse(port, flag, hint);
        }
    }

    /**
     * The error for {@code port} found taken, in the words of {@link #requireFree}: for a server that learns it only
     * when it binds (another program took the port between the check and the bind).
     */
    public static PortInUseException inUse(int port, String flag, String hint) {
        return new PortInUseException("port " + port + " is in use (" + hint + "); stop it or choose another port with "
                + flag);
    }
}
