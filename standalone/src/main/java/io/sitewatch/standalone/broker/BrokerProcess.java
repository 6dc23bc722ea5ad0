package io.sitewatch.standalone.broker;

import io.sitewatch.net.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker in a child JVM, run from its own classpath folder ({@code broker-lib/}) so
 * that its Scala, log4j and Jackson stay off the services' classpath and a fatal broker fault cannot halt
 * the services. Its storage is formatted once under {@code dataDir}; a broker left behind by a killed parent
 * is found through its pid file and stopped on the next start.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);

    private final BrokerSettings settings;
    private final CompletableFuture<String> unexpectedExit = new CompletableFuture<>();
    private volatile boolean stopping;
    /** Size of the broker log when this start began. */
    private long logOffset;
    private Process process;

    public BrokerProcess(BrokerSettings settings) {
        this.settings = settings;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.port();
    }

    /** Formats (first time), starts the broker and waits until it answers. */
    public void start() {
        try {
            Files.createDirectories(settings.dataDir());
            cleanUpLeftover();
            requireFree(settings.port(), "--kafka-port");
            requireFree(settings.controllerPort(), "--kafka-controller-port");
            Path config = writeConfig();
            Path log4j = writeLog4jConfig();
            logOffset = Files.exists(settings.brokerLog()) ? Files.size(settings.brokerLog()) : 0;
            if (!Files.exists(settings.logDir().resolve("meta.properties"))) {
                format(config, log4j);
            }
            List<String> cmd = ignoringInterrupt(javaCommand(log4j));
            cmd.add("kafka.Kafka");
            cmd.add(config.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.brokerLog().toFile()));
            process = pb.start();
            Files.writeString(settings.pidFile(), Long.toString(process.pid()));
            log.info("broker starting pid={} port={} data={} log={}", process.pid(), settings.port(),
                    settings.logDir(), settings.brokerLog());
            awaitReady();
            Process started = process;
            started.onExit().thenAccept(p -> {
                if (!stopping) {
                    unexpectedExit.complete("the Kafka broker exited unexpectedly (status " + p.exitValue() + "); see "
                            + settings.brokerLog() + logTail());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker: " + e.getMessage(), e);
        }
    }

    /** True while the child JVM runs. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Optional<Long> pid() {
        return process == null ? Optional.empty() : Optional.of(process.pid());
    }

    /**
     * Completes, with a message naming the exit status and the broker log, when the running broker exits without
     * {@link #close} having been called (it crashed or was killed); never completes otherwise.
     */
    public CompletableFuture<String> unexpectedExit() {
        return unexpectedExit;
    }

    /** Stops the broker (SIGTERM, then SIGKILL after the grace). */
    @Override
    public void close() {
        stopping = true;
        if (process == null) {
            return;
        }
        stop(process.toHandle(), settings.stopGrace());
        try {
            Files.deleteIfExists(settings.pidFile());
        } catch (IOException e) {
            log.warn("cannot delete pid file path={} error={}", settings.pidFile(), e.toString());
        }
        process = null;
    }

    private void cleanUpLeftover() throws IOException {
        if (!Files.exists(settings.pidFile())) {
            return;
        }
        String text = Files.readString(settings.pidFile()).trim();
        Files.deleteIfExists(settings.pidFile());
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        String commandLine = handle.get().info().commandLine().orElse("");
        if (commandLine.contains("kafka.Kafka") && commandLine.contains(settings.configFile().toString())) {
            log.warn("stopping a broker left behind by a previous run pid={} data={}", pid, settings.dataDir());
            stop(handle.get(), settings.stopGrace());
        }
    }

    private static void stop(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("broker did not stop within {}; killing it pid={}", grace, handle.pid());
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the OS reaps it
            }
        }
    }

    private static void requireFree(int port, String flag) {
        Ports.requireFree(InetAddress.getLoopbackAddress(), port, flag, flag, "another Kafka or a previous sitewatch?");
    }

    private void format(Path config, Path log4j) throws IOException {
        List<String> cmd = javaCommand(log4j);
        cmd.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.brokerLog().toFile())).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting the broker storage failed; see " + settings.brokerLog()
                        + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while formatting the broker storage", e);
        }
        log.info("formatted broker storage path={}", settings.logDir());
    }

    /**
     * {@code cmd} run with SIGINT ignored. Ctrl-C in a terminal signals the whole foreground process group, the
     * broker included; it must stop only when the parent stops it (SIGTERM from {@link #close}), after the services
     * that use it, or they fail their last commits against a broker that is already going. A JVM that starts with
     * SIGINT ignored leaves it ignored, and {@code exec} keeps the pid, so the pid file and {@link Process} still name
     * the broker. Where there is no {@code /bin/sh}, the command runs as it is.
     */
    static List<String> ignoringInterrupt(List<String> cmd) {
        if (!Files.isExecutable(Path.of("/bin/sh"))) {
            return cmd;
        }
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' INT; exec \"$0\" \"$@\""));
        wrapped.addAll(cmd);
        return wrapped;
    }

    private List<String> javaCommand(Path log4j) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(settings.jvmOptions());
        cmd.add("-Dlog4j2.configurationFile=" + log4j.toUri());
        cmd.add("-Dkafka.logs.dir=" + settings.kafkaDir());
        cmd.add("-cp");
        cmd.add(settings.libDir().resolve("*").toString());
        return cmd;
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + settings.controllerPort());
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + settings.port() + ",CONTROLLER://127.0.0.1:"
                + settings.controllerPort());
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + settings.port());
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", settings.logDir().toString());
        p.setProperty("num.partitions", "12");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.retention.hours", "48");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        Files.createDirectories(settings.kafkaDir());
        try (var out = Files.newBufferedWriter(settings.configFile(), StandardCharsets.UTF_8)) {
            p.store(out, "written by sitewatch standalone; rewritten on every start");
        }
        return settings.configFile();
    }

    private Path writeLog4jConfig() throws IOException {
        Path f = settings.kafkaDir().resolve("log4j2.properties");
        Files.writeString(f, String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{ISO8601} %p %c{1} %m%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.server.name = kafka.server.KafkaRaftServer",
                "logger.server.level = info",
                ""));
        return f;
    }

    /**
     * The last error lines the broker wrote in this run, so that a failed start explains itself where the log is gone.
     * The log is appended to across runs: lines from before this start are not this run's story.
     */
    private String logTail() {
        try {
            byte[] all = Files.readAllBytes(settings.brokerLog());
            int from = (int) Math.min(Math.max(0, logOffset), all.length);
            List<String> lines = new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
            List<String> errors = lines.stream()
                    .filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("Error:"))
                    .toList();
            List<String> shown = errors.isEmpty() ? lines : errors;
            List<String> last = shown.subList(Math.max(0, shown.size() - 8), shown.size());
            return last.isEmpty() ? "" : "\n" + String.join("\n", last);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited with status " + process.exitValue()
                            + " while starting; see " + settings.brokerLog() + logTail());
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    log.info("broker ready bootstrap={}", bootstrapServers());
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("the Kafka broker did not answer within "
                                + settings.startTimeout().toSeconds() + "s; see " + settings.brokerLog());
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the broker", e);
                    }
                }
            }
        }
    }
}
