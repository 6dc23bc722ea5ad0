package io.sitewatch.prober.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A raw-socket HTTP/1.1 server on 127.0.0.1 whose paths misbehave on purpose, for the check engine's unit tests.
 * Each connection gets a thread; every response closes the connection.
 */
final class LoopbackServer implements AutoCloseable {
    /** What the server does with one request on its socket. */
    @FunctionalInterface
    interface Behaviour {
        void handle(Map<String, String> requestHeaders, Socket socket) throws Exception;
    }

    private final ServerSocket server;
    private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, String>> lastHeaders = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    LoopbackServer() throws IOException {
        this(null);
    }

    LoopbackServer(SSLContext tls) throws IOException {
        server = tls == null ? new ServerSocket(0, 200, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 200, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "loopback-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    int port() {
        return server.getLocalPort();
    }

    LoopbackServer route(String path, Behaviour behaviour) {
        routes.put(path, behaviour);
        return this;
    }

    int connections() {
        return connections.get();
    }

    Map<String, String> lastHeaders(String path) {
        return lastHeaders.get(path);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "loopback-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            if (requestLine == null) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
            }
            String path = requestLine.split(" ")[1];
            int q = path.indexOf('?');
            String bare = q < 0 ? path : path.substring(0, q);
            lastHeaders.put(bare, headers);
            Behaviour b = routes.getOrDefault(bare, status(404, "not found"));
            b.handle(headers, s);
        } catch (Exception e) {
            // the misbehaving paths end their sockets abruptly; nothing to report
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    // ---- behaviours ----

    static Behaviour status(int code, String body) {
        return respond(code, Map.of(), body.getBytes(StandardCharsets.UTF_8), 0);
    }

    static Behaviour delayed(long delayMs, String body) {
        return respond(200, Map.of(), body.getBytes(StandardCharsets.UTF_8), delayMs);
    }

    static Behaviour redirect(String location) {
        return respond(302, Map.of("Location", location), new byte[0], 0);
    }

    static Behaviour respond(int code, Map<String, String> headers, byte[] body, long delayMs) {
        return (req, s) -> {
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            OutputStream out = s.getOutputStream();
            StringBuilder h = new StringBuilder("HTTP/1.1 " + code + " X\r\n");
            headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
            h.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        };
    }

    /** Reads the request, then never answers. */
    static Behaviour hang() {
        return (req, s) -> Thread.sleep(60_000);
    }

    /** Reads the request, then resets the connection (RST) without a byte of response. */
    static Behaviour reset() {
        return (req, s) -> {
            s.setSoLinger(true, 0);
            s.close();
        };
    }

    /** Sends headers announcing 100,000 bytes, 10 of them, then resets. */
    static Behaviour resetMidBody() {
        return (req, s) -> {
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n0123456789".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(50);
            s.setSoLinger(true, 0);
            s.close();
        };
    }

    /** A status line that is not HTTP. */
    static Behaviour garbage() {
        return (req, s) -> {
            s.getOutputStream().write("SMTP ready\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        };
    }

    /** One header line longer than any client accepts (400 KiB). */
    static Behaviour hugeHeaders() {
        return (req, s) -> {
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Huge: ".getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = "a".repeat(8192).getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        };
    }

    /** A chunked body that never ends (until the client goes away). */
    static Behaviour endlessBody() {
        return (req, s) -> {
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] data = "x".repeat(16384).getBytes(StandardCharsets.ISO_8859_1);
            byte[] head = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            while (true) {
                out.write(head);
                out.write(data);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        };
    }
}
