package io.sitewatch.dashboard.targets;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The optional read token ({@code SITEWATCH_READ_TOKEN}): when set, the read API ({@code GET /api/*}, the event
 * stream) needs {@code Authorization: Bearer <read token>} or {@code Bearer <API token>} (the write token also grants
 * read), or the session cookie that {@code POST /api/session} sets for the web page. {@code /}, its assets,
 * {@code /health*} and {@code /metrics} stay open.
 *
 * <p>The cookie ({@value #COOKIE}, HttpOnly, SameSite=Strict, Secure over https) holds an HMAC of a fixed label keyed
 * by the read token, never the token itself: page scripts cannot read it, other sites cannot send it, it grants
 * read only, and changing the token ends every session. All comparisons are constant-time
 * ({@link MessageDigest#isEqual}) over fixed-length digests.
 */
public final class ReadAccess {
    public static final String COOKIE = "sitewatch_session";
    private static final String LABEL = "sitewatch-read-session-v1";

    private final byte[] readHash;
    private final byte[] writeHash;
    private final byte[] session;

    /**
     * @param readToken the read token, or null for an open read API
     * @param apiToken  the write token (also grants read), or null
     */
    public ReadAccess(String readToken, String apiToken) {
        this.readHash = readToken == null ? null : ApiTokenAuth.sha256(readToken);
        this.writeHash = apiToken == null ? null : ApiTokenAuth.sha256(apiToken);
        this.session = readToken == null ? null : hmac(readToken);
    }

    /** True when reads need a credential. */
    public boolean required() {
        return readHash != null;
    }

    /** True when the request may read: no read token set, or a valid bearer token or session cookie. */
    public boolean granted(Context ctx) {
        if (readHash == null) {
            return true;
        }
        String bearer = ApiTokenAuth.bearer(ctx);
        if (bearer != null && tokenGrantsRead(bearer)) {
            return true;
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && cookie.length() == 64) {
            try {
                return MessageDigest.isEqual(HexFormat.of().parseHex(cookie), session);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    /** A before-handler: 401 JSON unless {@link #granted}. */
    public void check(Context ctx) {
        if (!granted(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sitewatch\"");
            throw new UnauthorizedResponse("Authorization: reading needs the read token (Authorization: Bearer "
                    + "<SITEWATCH_READ_TOKEN>) or a session from POST /api/session");
        }
    }

    /** {@code GET /api/session}: whether a token is needed and whether this request has access. Always open. */
    public void describe(Context ctx) {
        ctx.json(java.util.Map.of("required", required(), "granted", granted(ctx)));
    }

    /** {@code POST /api/session} with {@code Authorization: Bearer <token>}: sets the session cookie (204). */
    public void login(Context ctx) {
        if (readHash == null) {
            ctx.status(204);
            return;
        }
        String bearer = ApiTokenAuth.bearer(ctx);
        if (bearer == null || !tokenGrantsRead(bearer)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sitewatch\", error=\"invalid_token\"");
            throw new UnauthorizedResponse("Authorization: the bearer token is not the read token or the API token");
        }
        Cookie cookie = new Cookie(COOKIE, HexFormat.of().formatHex(session));
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure(secure(ctx));
        ctx.cookie(cookie);
        ctx.status(204);
    }

    /** {@code DELETE /api/session}: ends the page's session (204). */
    public void logout(Context ctx) {
        ctx.removeCookie(COOKIE, "/");
        ctx.status(204);
    }

    private boolean tokenGrantsRead(String token) {
        byte[] presented = ApiTokenAuth.sha256(token);
        boolean read = MessageDigest.isEqual(presented, readHash);
        boolean write = writeHash != null && MessageDigest.isEqual(presented, writeHash);
        return read | write;
    }

    private static boolean secure(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Proto");
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(forwarded);
    }

    private static byte[] hmac(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
