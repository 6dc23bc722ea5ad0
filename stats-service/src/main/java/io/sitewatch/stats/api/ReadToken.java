package io.sitewatch.stats.api;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The optional read token of the stats API ({@code SITEWATCH_READ_TOKEN}): when set, {@code /api/*} needs
 * {@code Authorization: Bearer <token>}; {@code /health*} and {@code /metrics} stay open. Compared in constant time
 * over SHA-256 digests, so neither the length nor the content leaks through timing.
 */
public final class ReadToken {
    private final byte[] expected;

    /** @param token the token, or null for an open API */
    public ReadToken(String token) {
        this.expected = token == null ? null : sha256(token);
    }

    public boolean required() {
        return expected != null;
    }

    /** A before-handler for {@code /api/*}: 401 JSON naming the header unless the bearer token matches. */
    public void check(Context ctx) {
        if (expected == null) {
            return;
        }
        String header = ctx.header("Authorization");
        String prefix = "Bearer ";
        boolean ok = false;
        if (header != null && header.length() > prefix.length()
                && header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            ok = MessageDigest.isEqual(sha256(header.substring(prefix.length()).trim()), expected);
        }
        if (!ok) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sitewatch-stats\"");
            throw new UnauthorizedResponse("Authorization: the stats API needs the read token "
                    + "(Authorization: Bearer <SITEWATCH_READ_TOKEN>)", Map.of("parameter", "Authorization"));
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
