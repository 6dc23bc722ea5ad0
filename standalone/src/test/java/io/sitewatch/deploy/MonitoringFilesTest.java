package io.sitewatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every sitewatch metric that the Prometheus rules and the Grafana dashboard use is one that a service registers
 * (a meter name in the sources of the modules), so a renamed meter cannot leave an alert silently dead.
 */
class MonitoringFilesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern USED = Pattern.compile("\\b((?:sitewatch|http_server)_[a-z0-9_]+)");
    static final Pattern METER = Pattern.compile("\"((?:sitewatch|http\\.server)\\.[a-z0-9.]+)\"");

    static Set<String> registered() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")
                    && !p.toString().contains("/target/")).toList()) {
                Matcher m = METER.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1).replace('.', '_'));
                }
            }
        }
        return names;
    }

    /** The meter name behind a Prometheus series name: without _bucket/_count/_sum/_max, _total and _seconds. */
    static String base(String series) {
        String s = series;
        for (String suffix : new String[] {"_bucket", "_count", "_sum", "_max", "_total", "_seconds"}) {
            if (s.endsWith(suffix)) {
                s = s.substring(0, s.length() - suffix.length());
            }
        }
        return s;
    }

    static Set<String> used(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = USED.matcher(Files.readString(file));
        while (m.find()) {
            if (!m.group(1).startsWith("sitewatch_self")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void rulesAndDashboardsUseOnlyMetricsTheServicesExport() throws IOException {
        Set<String> registered = registered();
        assertThat(registered).contains("sitewatch_checks", "http_server_requests", "sitewatch_stats_store_errors");
        Set<String> used = new TreeSet<>(used(ROOT.resolve("deploy/prometheus/sitewatch-rules.yml")));
        try (Stream<Path> dashboards = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            for (Path d : dashboards.filter(p -> p.toString().endsWith(".json")).toList()) {
                used.addAll(used(d));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(used).allSatisfy(name -> assertThat(registered).as(name).contains(base(name)));
    }
}
