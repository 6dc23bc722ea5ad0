package io.sitewatch;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The version and git commit this build was made from ({@code io/sitewatch/build-info.properties}, filtered by
 * Maven, and {@code build-commit.properties}, written by {@code git log} at build time), shown by every service's {@code /health} and by {@code ./sitewatch --version}.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit  the abbreviated git commit, or {@code unknown} when built outside a git checkout
 */
public record BuildInfo(String version, String commit) {
    private static final BuildInfo CURRENT = load();

    /** This build's info. */
    public static BuildInfo current() {
        return CURRENT;
    }

    /** {@code {"version": …, "commit": …, "java": …}} for health bodies. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("commit", commit);
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    static BuildInfo load() {
        Properties p = new Properties();
        for (String file : new String[] {"/io/sitewatch/build-info.properties", "/io/sitewatch/build-commit.properties"}) {
            try (InputStream in = BuildInfo.class.getResourceAsStream(file)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // unknown below
            }
        }
        return new BuildInfo(clean(p.getProperty("version")), clean(p.getProperty("commit")));
    }

    private static String clean(String v) {
        return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v.trim();
    }
}
