package io.sitewatch.canary.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The parts of an HTTP/1.1 request head the simulator needs.
 *
 * @param method        the request method, e.g. {@code GET}
 * @param path          the request target without query string
 * @param contentLength the declared body length, 0 when absent
 */
record RequestHead(String method, String path, long contentLength) {

    /** Longest request head accepted; longer heads are answered 431 by the caller. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    /** The head could not be read: the connection ended early, or it is not HTTP/1.x. */
    static final class MalformedRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedRequestException(String message) {
            super(message);
        }
    }

    /**
     * Reads a request head, byte by byte up to the empty line, so that nothing after the head is consumed.
     *
     * @param in the connection's input stream (buffered by the caller for speed)
     * @return the head, or {@code null} if the connection closed before the first byte
     * @throws MalformedRequestException if the head is truncated, too long or not HTTP/1.x
     * @throws IOException               if reading fails
     */
    static RequestHead read(InputStream in) throws IOException {
        byte[] buffer = new byte[1024];
        int length = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (length == buffer.length) {
                if (length >= MAX_HEAD_BYTES) {
                    throw new MalformedRequestException("request head longer than " + MAX_HEAD_BYTES + " bytes");
                }
                buffer = Arrays.copyOf(buffer, length * 2);
            }
            buffer[length++] = (byte) b;
            if (length >= 4 && buffer[length - 1] == '\n' && buffer[length - 2] == '\r'
                    && buffer[length - 3] == '\n' && buffer[length - 4] == '\r') {
                return parse(new String(buffer, 0, length - 4, StandardCharsets.ISO_8859_1));
            }
        }
        if (length == 0) {
            return null;
        }
        throw new MalformedRequestException("connection closed inside the request head");
    }

    private static RequestHead parse(String head) throws MalformedRequestException {
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new MalformedRequestException("not an HTTP/1.x request line");
        }
        String target = requestLine[1];
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        long contentLength = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                try {
                    contentLength = Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new MalformedRequestException("invalid Content-Length");
                }
            }
        }
        return new RequestHead(requestLine[0], path, contentLength);
    }

    /** @return whether the client asked for the head only */
    boolean isHead() {
        return "HEAD".equals(method);
    }

    /**
     * @return the site name of a {@code /site/{name}[/anything]} path, or {@code null} for any other path
     */
    String siteName() {
        String prefix = "/site/";
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        int end = path.indexOf('/', prefix.length());
        return end < 0 ? path.substring(prefix.length()) : path.substring(prefix.length(), end);
    }
}
