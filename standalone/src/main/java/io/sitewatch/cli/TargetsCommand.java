package io.sitewatch.cli;

import io.sitewatch.config.ConfigParser;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import io.sitewatch.registry.TargetRegistry;
import io.sitewatch.time.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sitewatch targets apply|list}: the registry of what to probe. */
@Command(name = "targets", mixinStandardHelpOptions = true,
        description = "Manage the targets registry (the compacted targets topic).",
        subcommands = {TargetsCommand.Apply.class, TargetsCommand.ListTargets.class})
public final class TargetsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: apply or list");
    }

    /**
     * Reconciles the topic with the file: upserts what changed, tombstones what was removed; targets added through the
     * dashboard API are kept unless {@code --prune-api}.
     */
    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Make the targets topic hold the websites of FILE; print what changed.",
                    "Websites added through the dashboard API that FILE does not name are kept (--prune-api removes "
                            + "them too); a website of FILE with the same name replaces one added through the API."})
    static final class Apply implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "config.json or config.yaml")
        Path file;

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long to wait for Kafka (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--partitions", defaultValue = "${env:SITEWATCH_PARTITIONS:-12}",
                description = "Partitions of topics created when missing (env SITEWATCH_PARTITIONS; "
                        + "default ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", defaultValue = "${env:SITEWATCH_REPLICATION_FACTOR:-1}",
                description = "Replication factor of topics created when missing (env SITEWATCH_REPLICATION_FACTOR; "
                        + "default ${DEFAULT-VALUE}).")
        short replication;

        @Option(names = "--prune-api",
                description = "Also remove the websites added through the dashboard API that FILE does not name.")
        boolean pruneApi;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            SitewatchConfig config = ConfigParser.load(file);
            requirePositive(timeout);
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, was " + partitions);
            }
            if (replication < 1) {
                throw new IllegalArgumentException("--replication-factor must be at least 1, was " + replication);
            }
            KafkaSettings settings = kafka.settings();
            Topics topics = kafka.topics();
            ensureTopics(settings, topics, partitions, replication, timeout);
            TargetRegistry registry = new TargetRegistry(settings, topics, timeout);
            TargetRegistry.ApplyResult result = registry.apply(config.websites(), pruneApi);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("applied %s to %s at %s%n", file, topics.targets().name(), settings.bootstrapServers());
            result.added().forEach(id -> out.println("  + added     " + id));
            result.updated().forEach(id -> out.println("  ~ updated   " + id));
            result.removed().forEach(id -> out.println("  - removed   " + id));
            result.kept().forEach(id -> out.println("  = kept      " + id + " (added through the API; --prune-api "
                    + "removes it)"));
            out.printf("  %d added, %d updated, %d removed, %d unchanged%s%s%n", result.added().size(),
                    result.updated().size(), result.removed().size(), result.unchanged().size(),
                    result.kept().isEmpty() ? "" : ", " + result.kept().size() + " kept",
                    result.changedAnything() ? "" : " (nothing written)");
            return SitewatchCli.EXIT_OK;
        }
    }

    /** Prints the targets now registered, secrets masked. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the registered targets.")
    static final class ListTargets implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long to wait for Kafka (default ${DEFAULT-VALUE}).")
        Duration timeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            requirePositive(timeout);
            KafkaSettings settings = kafka.settings();
            TargetRegistry.Snapshot snapshot;
            try {
                snapshot = new TargetRegistry(settings, kafka.topics(), timeout).snapshot();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw unreachable(settings, timeout, e);
            }
            Map<String, Target> current = snapshot.targets();
            PrintWriter out = spec.commandLine().getOut();
            current.values().forEach(t -> out.printf("%-24s every %-5s %s%n", t.id(), Durations.format(t.interval()),
                    t.redacted().url()));
            out.printf("%d target%s%n", current.size(), current.size() == 1 ? "" : "s");
            snapshot.unreadable().forEach((id, why) -> spec.commandLine().getErr().printf(
                    "warning: the record of %s is not a target (%s); probers skip it, and 'targets apply' replaces "
                            + "or removes it%n", id, why));
            return SitewatchCli.EXIT_OK;
        }
    }

    static void ensureTopics(KafkaSettings settings, Topics topics, int partitions, short replication, Duration timeout) {
        var props = settings.common();
        props.put("default.api.timeout.ms", (int) timeout.toMillis());
        props.put("request.timeout.ms", (int) Math.min(timeout.toMillis(), 30_000));
        try (Admin admin = Admin.create(props)) {
            topics.ensureCreated(admin, partitions, replication);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(settings, timeout, e);
            }
            throw e;
        }
    }

    private static IllegalStateException unreachable(KafkaSettings settings, Duration timeout, Exception cause) {
        return new IllegalStateException("cannot reach Kafka at " + settings.bootstrapServers() + " within "
                + Durations.format(timeout) + "; is the broker running? (set --bootstrap-servers or "
                + KafkaSettings.ENV_BOOTSTRAP + ")", cause);
    }

    private static void requirePositive(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be more than 0s, was " + Durations.format(timeout));
        }
    }
}
