package io.sitewatch.config;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} references in header values: kept unresolved in config and on the targets topic (so secrets
 * never travel through Kafka) and resolved by the prober from its own environment at check time.
 */
public final class EnvReferences {
    /** {@code ${NAME}}. There is no escape: every {@code ${...}} in a header value is a reference. */
    public static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvReferences() {
    }

    /** The variable names referenced by {@code value}. */
    public static Set<String> names(String value) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** A reason when a reference is malformed ({@code ${}}, {@code ${1X}}), or null when all are valid. */
    public static String problem(String value) {
        for (String name : names(value)) {
            if (!NAME.matcher(name).matches()) {
                return "\"${" + name + "}\" is not a valid environment variable reference; use ${NAME} with letters, "
                        + "digits and '_'";
            }
        }
        int open = value.indexOf("${");
        if (open >= 0 && value.indexOf('}', open) < 0) {
            return "unterminated \"${\"; use ${NAME}";
        }
        return null;
    }

    /**
     * Replaces every reference with its value from {@code env}.
     *
     * @throws MissingVariableException naming the variable (never a value) when one is not set
     */
    public static String resolve(String value, Function<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) {
                throw new MissingVariableException(m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** True when {@code value} holds at least one reference. */
    public static boolean hasReference(String value) {
        return REFERENCE.matcher(value).find();
    }

    /** A referenced environment variable is not set. The message names the variable only. */
    public static final class MissingVariableException extends IllegalStateException {
        private final String variable;

        public MissingVariableException(String variable) {
            super("environment variable " + variable + " is not set; export it where the prober runs");
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }
}
