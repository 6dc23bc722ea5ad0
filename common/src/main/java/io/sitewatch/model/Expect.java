package io.sitewatch.model;

import java.util.List;

/**
 * What a check expects of a response.
 *
 * @param status       accepted status codes (default 200–399)
 * @param bodyContains text the body must contain, or null
 */
public record Expect(List<StatusRange> status, String bodyContains) {
    public static final List<StatusRange> DEFAULT_STATUS = List.of(new StatusRange(200, 399));
    public static final Expect DEFAULT = new Expect(DEFAULT_STATUS, null);

    public Expect {
        status = status == null || status.isEmpty() ? DEFAULT_STATUS : List.copyOf(status);
        if (bodyContains != null && bodyContains.isEmpty()) {
            bodyContains = null;
        }
    }

    public boolean statusAccepted(int code) {
        for (StatusRange r : status) {
            if (r.contains(code)) {
                return true;
            }
        }
        return false;
    }
}
