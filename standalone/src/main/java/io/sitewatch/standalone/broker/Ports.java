package io.sitewatch.standalone.broker;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks, before anything starts, that a port standalone will listen on is free. */
public final class Ports {
    private Ports() {
    }

    /**
     * Throws {@link PortInUseException} (exit status 2) naming {@code flag} when {@code port} on {@code address} is
     * taken, or an {@link IllegalArgumentException} naming {@code bindFlag} when nothing can listen on
     * {@code address} here at all.
     */
    public static void requireFree(InetAddress address, int port, String flag, String bindFlag, String hint) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(address, port), 1);
        } catch (BindException e) {
            if (e.getMessage() != null && !e.getMessage().contains("in use")) {
                throw new IllegalArgumentException(bindFlag + ": cannot listen on " + address.getHostAddress()
                        + " (" + e.getMessage() + "); use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0");
            }
            throw inUse(port, flag, hint);
        } catch (IOException e) {
            throw inUse(port, flag, hint);
        }
    }

    private static PortInUseException inUse(int port, String flag, String hint) {
        return new PortInUseException("port " + port + " is in use (" + hint + "); stop it or choose another port with "
                + flag);
    }
}
