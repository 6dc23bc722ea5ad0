package io.sitewatch.canary.sim;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Accepts connections on one server socket and hands each to the worker pool. Tracks open connections so
 * that {@link #close()} can unblock workers stuck in socket I/O (hanging and endless sites).
 */
final class Listener implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final WorkerPool workers;
    private final Consumer<Socket> handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    Listener(String name, ServerSocket serverSocket, WorkerPool workers, Consumer<Socket> handler) {
        this.serverSocket = serverSocket;
        this.workers = workers;
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, name);
        this.acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                pauseAfterAcceptFailure();
                continue; // closed (the loop ends) or a transient failure such as too many open files
            }
            open.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException saturatedOrStopping) {
                refuse(socket);
            }
        }
    }

    /** Without a pause, a persistent failure (out of file descriptors) would spin the acceptor. */
    private void pauseAfterAcceptFailure() {
        if (serverSocket.isClosed()) {
            return;
        }
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Socket socket) {
        try {
            handler.accept(socket);
        } finally {
            open.remove(socket);
        }
    }

    /** Over capacity: reset at once rather than queue without bound. */
    private void refuse(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already gone
        } finally {
            open.remove(socket);
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() throws InterruptedException {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.join(5_000);
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
