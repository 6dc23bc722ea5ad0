package io.sitewatch.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs, stopped by a real SIGTERM ({@link Process#destroy()} on Unix). */
@EnabledOnOs({OS.LINUX, OS.MAC})
class StopHookTest {
    @TempDir
    Path dir;

    /** A service: waits until its hook stops it, then returns the status given as the first argument. */
    public static final class Service {
        public static void main(String[] args) throws Exception {
            CountDownLatch stopped = new CountDownLatch(1);
            Path marker = Path.of(args[1]);
            StopHook.install("test-stop", () -> {
                try {
                    Files.writeString(marker, "stopped");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                stopped.countDown();
            });
            System.out.println("ready");
            System.out.flush();
            if (args[0].equals("wait")) {
                stopped.await();
                StopHook.exit(0);
            }
            StopHook.exit(Integer.parseInt(args[0]));
        }
    }

    @Test
    void aCleanStopOnSigtermExitsZero() throws Exception {
        Path marker = dir.resolve("marker");
        Process p = start("wait", marker);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child stops");
        assertEquals(0, p.exitValue(), "a clean stop on SIGTERM is status 0, not 143");
        assertEquals("stopped", Files.readString(marker), "the service's stop ran");
    }

    @Test
    void theCommandsOwnStatusIsKept() throws Exception {
        Path marker = dir.resolve("marker");
        Process p = start("3", marker);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child exits");
        assertEquals(3, p.exitValue(), "exit(3) stays 3 although the hook runs");
        assertEquals("stopped", Files.readString(marker), "the service's stop ran at exit");
    }

    private Process start(String status, Path marker) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                Service.class.getName(), status, marker.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        byte[] line = new byte[6];
        int read = 0;
        while (read < line.length && System.nanoTime() < deadline) {
            int n = p.getInputStream().read(line, read, line.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        if (status.equals("wait")) {
            assertEquals("ready\n", new String(line, 0, read, StandardCharsets.UTF_8), "the child started");
        }
        return p;
    }
}
