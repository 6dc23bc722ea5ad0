package io.sitewatch.canary.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Readings from Linux {@code /proc}: a process's RSS, peak RSS and CPU time, and the machine's busy time. */
public final class ProcStats {
    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    /**
     * One process at one moment.
     *
     * @param rssBytes   VmRSS
     * @param hwmBytes   VmHWM: the peak RSS of the process so far
     * @param cpuSeconds utime + stime
     */
    public record Sample(long rssBytes, long hwmBytes, double cpuSeconds) {
    }

    private ProcStats() {
    }

    /** The process's figures, or empty when it is gone or /proc is not there. */
    public static Optional<Sample> of(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(new Sample(kib(status, "VmRSS:") * 1024, kib(status, "VmHWM:") * 1024, cpu(stat)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** utime + stime in seconds from a {@code /proc/<pid>/stat} line (fields 14 and 15, after the comm). */
    static double cpu(String stat) {
        String rest = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = rest.trim().split("\\s+");
        // rest starts at field 3 (state): utime is field 14 → index 11, stime field 15 → index 12
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    static long kib(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** Busy CPU seconds of the whole machine since boot (all but idle and iowait), or -1 without /proc. */
    public static double machineBusySeconds() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
