package io.sitewatch.canary.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sitewatch service in its own JVM: {@code java <jvm options> -cp <classpath>
 * io.sitewatch.cli.SitewatchCli <command> <args>}, its output appended to a log file, so that a kill -9 is a
 * real crash of a real process. Restartable with the same command line.
 */
public final class ChildService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChildService.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path logFile;
    private final URI health;
    private final long memoryBoundBytes;
    private final ProcessUsage usage;
    private volatile Process process;
    private volatile boolean expectedDown;
    private int starts;
    private int unplannedExits;

    /**
     * @param name             service name (prober, stats, alerter, dashboard)
     * @param javaOptions      JVM options, the heap bound among them
     * @param classpath        the services' classpath
     * @param args             the CLI command and its flags
     * @param env              extra environment variables
     * @param logFile          where its stdout and stderr go
     * @param health           its /health URL
     * @param memoryBoundBytes the RSS it must stay under
     */
    public ChildService(String name, List<String> javaOptions, String classpath, List<String> args,
                        Map<String, String> env, Path logFile, URI health, long memoryBoundBytes) {
        this.name = name;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(javaOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("io.sitewatch.cli.SitewatchCli");
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
        this.env = Map.copyOf(env);
        this.logFile = logFile;
        this.health = health;
        this.memoryBoundBytes = memoryBoundBytes;
        this.usage = new ProcessUsage(name);
    }

    public String name() {
        return name;
    }

    public ProcessUsage usage() {
        return usage;
    }

    public long memoryBoundBytes() {
        return memoryBoundBytes;
    }

    public URI health() {
        return health;
    }

    /** Starts the process (again) and waits until /health answers 200. */
    public synchronized void start(Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
            starts++;
            expectedDown = false;
            log.info("service started name={} pid={} start={}", name, process.pid(), starts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        awaitHealthy(timeout);
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(name + " exited while starting (status "
                        + (p == null ? "?" : p.exitValue()) + "); see " + logFile);
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet listening
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " did not become healthy within " + timeout.toSeconds() + "s; see " + logFile);
    }

    /** kill -9 (SIGKILL), after a last reading of its CPU and memory. */
    public synchronized void kill9() {
        Process p = process;
        if (p == null) {
            return;
        }
        expectedDown = true;
        usage.sample(p.pid());
        p.destroyForcibly();
        waitFor(p, 10);
        log.info("service killed name={} pid={}", name, p.pid());
    }

    /** SIGTERM and wait for a clean stop (SIGKILL after {@code grace}). */
    public synchronized void stop(Duration grace) {
        Process p = process;
        if (p == null) {
            return;
        }
        expectedDown = true;
        usage.sample(p.pid());
        p.destroy();
        if (!waitFor(p, grace.toSeconds())) {
            log.warn("service did not stop in time; killing name={} pid={}", name, p.pid());
            p.destroyForcibly();
            waitFor(p, 10);
        }
    }

    /** Reads CPU and memory of the running process, and restarts it when it exited without being asked to. */
    public void sample(Duration restartTimeout) {
        Process p = process;
        if (p == null) {
            return;
        }
        if (p.isAlive()) {
            usage.sample(p.pid());
            return;
        }
        synchronized (this) {
            if (process == p && !expectedDown) {
                unplannedExits++;
                log.warn("service exited unexpectedly name={} status={}; restarting (see {})", name, p.exitValue(), logFile);
                try {
                    start(restartTimeout);
                } catch (RuntimeException e) {
                    log.warn("restart failed name={} error={}", name, e.getMessage());
                }
            }
        }
    }

    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public int starts() {
        return starts;
    }

    public int unplannedExits() {
        return unplannedExits;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    private static boolean waitFor(Process p, long seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
