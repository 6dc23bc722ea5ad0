package io.sitewatch.config;

import java.util.List;

/**
 * A configuration that cannot be used, with every problem found, each as {@code path: message}.
 * Commands map it to exit status 2.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> errors;

    public ConfigException(String source, List<String> errors) {
        super(source + " is invalid (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):\n  "
                + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    /** Each problem as {@code path: message}: unknown keys of an object first, then its values. */
    public List<String> errors() {
        return errors;
    }
}
