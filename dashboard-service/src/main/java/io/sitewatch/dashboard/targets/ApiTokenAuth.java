package io.sitewatch.dashboard.targets;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards the handlers that change targets with {@code Authorization: Bearer <token>}. The presented token is
 * compared with the configured one in constant time (both are hashed first, so neither length nor content
 * leaks through timing). With no token configured, changes are disabled: 403, never open.
 */
public final class ApiTokenAuth {
    /** Tokens shorter than this are refused at start-up. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /**
     * Why {@code token} (already trimmed) is not acceptable, or null when it is. The message never contains the
     * token itself.
     */
    public static String problem(String token) {
        if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return "must be at least " + MIN_TOKEN_LENGTH + " printable characters without spaces, e.g. "
                    + "the output of `openssl rand -hex 24`";
        }
        return null;
    }

    private final byte[] expectedHash;

    /** @param token the API token, or null to disable target changes */
    public ApiTokenAuth(String token) {
        this.expectedHash = token == null ? null : sha256(token);
    }

    public boolean enabled() {
        return expectedHash != null;
    }

    /** {@code handler}, run only for requests that carry the token. */
    public Handler protect(Handler handler) {
        return ctx -> {
            check(ctx);
            handler.handle(ctx);
        };
    }

    void check(Context ctx) {
        if (expectedHash == null) {
            throw new ForbiddenResponse("target changes are disabled: start the dashboard with SITEWATCH_API_TOKEN "
                    + "(or --api-token-file) to enable them");
        }
        String token = bearer(ctx);
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sitewatch\"");
            throw new UnauthorizedResponse("Authorization: a bearer token is required (Authorization: Bearer <token>)");
        }
        byte[] presented = sha256(token);
        if (!MessageDigest.isEqual(presented, expectedHash)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sitewatch\", error=\"invalid_token\"");
            throw new UnauthorizedResponse("Authorization: the bearer token is not valid");
        }
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null when there is none. */
    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        String prefix = "Bearer ";
        if (header == null || header.length() <= prefix.length()
                || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String token = header.substring(prefix.length()).trim();
        return token.isEmpty() ? null : token;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
