package io.sitewatch.canary.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encodes HTTP/1.1 responses once, so the hot path only writes bytes. */
final class Responses {

    static final byte[] NOT_FOUND = complete(404, "no such site\n", null);
    static final byte[] SERVICE_UNAVAILABLE = complete(503, "site is down\n", null);
    static final byte[] BAD_REQUEST = complete(400, "bad request\n", null);
    static final byte[] HEADERS_TOO_LARGE = complete(431, "request head too large\n", null);

    private Responses() {
    }

    /**
     * A full response: head and body.
     *
     * @param status   the status code
     * @param body     the body text
     * @param location the {@code Location} header value, or {@code null}
     * @return the encoded response
     */
    static byte[] complete(int status, String body, String location) {
        return complete(status, body.getBytes(StandardCharsets.UTF_8), location);
    }

    static byte[] complete(int status, byte[] body, String location) {
        StringBuilder head = new StringBuilder(160)
                .append(statusLine(status))
                .append("Server: sitewatch-canary\r\n");
        if (status == 204 || status == 304) {
            body = new byte[0]; // these statuses never have a body nor a Content-Length
        } else {
            head.append("Content-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (location != null) {
            head.append("Location: ").append(location).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, response, headBytes.length, body.length);
        return response;
    }

    /**
     * @param response an encoded response
     * @return the length of its head, including the empty line
     */
    static int headLength(byte[] response) {
        for (int i = 3; i < response.length; i++) {
            if (response[i] == '\n' && response[i - 1] == '\r' && response[i - 2] == '\n' && response[i - 3] == '\r') {
                return i + 1;
            }
        }
        return response.length;
    }

    /** @return the status line, with its CRLF */
    static String statusLine(int status) {
        return "HTTP/1.1 " + status + " " + reason(status) + "\r\n";
    }

    /**
     * The body of a behaviour: its text, repeated or cut to {@code size} bytes when {@code size >= 0}.
     */
    static byte[] body(String text, int size) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (size < 0) {
            return bytes;
        }
        byte[] sized = new byte[size];
        if (bytes.length == 0) {
            Arrays.fill(sized, (byte) ' ');
            return sized;
        }
        for (int i = 0; i < size; i += bytes.length) {
            System.arraycopy(bytes, 0, sized, i, Math.min(bytes.length, size - i));
        }
        return sized;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
