package io.sitewatch.dashboard.events;

import io.sitewatch.json.Json;

/**
 * One Server-Sent Event: its name and its data, serialised to JSON once however many clients receive it.
 *
 * @param name {@code stats}, {@code alert}, or null for a keep-alive comment
 * @param data JSON text (or the comment text)
 */
public record ServerEvent(String name, String data) {
    public static final String STATS = "stats";
    public static final String ALERT = "alert";

    public static ServerEvent of(String name, Object payload) {
        return new ServerEvent(name, Json.write(payload));
    }

    static ServerEvent comment(String text) {
        return new ServerEvent(null, text);
    }

    boolean isComment() {
        return name == null;
    }
}
