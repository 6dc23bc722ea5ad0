package io.sitewatch.config;

import java.util.ArrayList;
import java.util.List;

/** Collects {@code path: message} problems so that all of them are reported at once. */
final class Problems {
    private final List<String> list = new ArrayList<>();

    void add(String path, String message) {
        list.add((path.isEmpty() ? "(root)" : path) + ": " + message);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    List<String> list() {
        return list;
    }
}
