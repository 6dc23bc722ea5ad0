package io.sitewatch.model;

import java.net.URI;

/** URL helpers that keep secrets out of logs, measurements and API output. */
public final class Urls {
    private Urls() {
    }

    /**
     * The URL without user info, query string or fragment ({@code https://user:pw@h/p?token=x} →
     * {@code https://h/p}). Unparseable input gives {@code "<invalid url>"} rather than echoing it.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            if (u.getUserInfo() == null && u.getRawQuery() == null && u.getRawFragment() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getRawPath() == null ? null : u.getPath(),
                    null, null).toString();
        } catch (Exception e) {
            return "<invalid url>";
        }
    }
}
