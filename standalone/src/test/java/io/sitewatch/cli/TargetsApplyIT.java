package io.sitewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import io.sitewatch.registry.TargetRegistry;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sitewatch targets apply} as a user runs it, against a real broker. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TargetsApplyIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private String apply(Path file, String... more) {
        return applyWith("cli", file, more);
    }

    private String applyWith(String prefix, Path file, String... more) {
        CommandLine cli = SitewatchCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        List<String> args = new ArrayList<>(List.of("targets", "apply", file.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", prefix, "--partitions", "3"));
        args.addAll(List.of(more));
        int status = cli.execute(args.toArray(String[]::new));
        assertThat(status).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void createsTopicsUpsertsTombstonesAndWritesNothingWhenNothingChanged() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\"},"
                + " {\"name\": \"b\", \"url\": \"https://b.example\"}]}");
        assertThat(apply(file)).contains("+ added     a", "+ added     b", "2 added, 0 updated, 0 removed, 0 unchanged");
        assertThat(kafka.admin().listTopics().names().get()).contains("cli.targets", "cli.measurements", "cli.alerts",
                "cli.measurements.dlq");

        assertThat(apply(file)).contains("0 added, 0 updated, 0 removed, 2 unchanged (nothing written)");
        assertThat(kafka.readAll("cli.targets", Duration.ofSeconds(30))).hasSize(2);

        Files.writeString(file, "{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\", \"interval\": \"1m\"}]}");
        assertThat(apply(file)).contains("~ updated   a", "- removed   b", "0 added, 1 updated, 1 removed, 0 unchanged");
        var records = kafka.readAll("cli.targets", Duration.ofSeconds(30));
        assertThat(records).hasSize(4);
        assertThat(records.stream().filter(r -> r.key().equals("b") && r.value() == null)).hasSize(1);
    }

    @Test
    void keepsTheWebsitesAddedThroughTheApiUnlessToldToPruneThem() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\"}]}");
        applyWith("kept", file);
        // what the dashboard's POST /api/targets writes
        TargetRegistry registry = new TargetRegistry(KafkaSettings.of(kafka.bootstrapServers()), new Topics("kept"),
                Duration.ofSeconds(30));
        registry.put(Target.of("from-api", "https://api-added.example", Duration.ofSeconds(10)).fromApi());

        assertThat(applyWith("kept", file)).contains("= kept      from-api (added through the API; --prune-api removes it)",
                "0 added, 0 updated, 0 removed, 1 unchanged, 1 kept (nothing written)");
        assertThat(registry.current()).containsOnlyKeys("a", "from-api");

        assertThat(applyWith("kept", file, "--prune-api")).contains("- removed   from-api", "0 added, 0 updated, 1 removed, 1 unchanged");
        assertThat(registry.current()).containsOnlyKeys("a");
    }

    /**
     * The Kubernetes job and the compose service run {@code targets apply} first, so it creates the topics; the
     * probers and the alerter read {@code SITEWATCH_PARTITIONS} from the same settings, but it ignored the variable
     * and made 12 partitions. A child JVM, so that the variable is really in its environment.
     */
    @Test
    void thePartitionsOfTopicsItCreatesComeFromSitewatchPartitions() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\"}]}");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                SitewatchCli.class.getName(), "targets", "apply", file.toString(), "--topic-prefix", "envparts")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("SITEWATCH_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        pb.environment().put("SITEWATCH_PARTITIONS", "5");
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        var described = kafka.admin().describeTopics(List.of("envparts.targets", "envparts.measurements"))
                .allTopicNames().get();
        assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(5));
    }
}
