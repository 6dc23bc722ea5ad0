package io.sitewatch.process;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stop of a service on SIGTERM or Ctrl-C, and the exit status that follows it.
 *
 * <p>A JVM stopped by a signal runs its shutdown hooks and then exits with 128 + the signal (143 for SIGTERM, 130 for
 * Ctrl-C), whatever the hooks did: a service that stopped cleanly would report a failure to systemd, a container
 * runtime or a script. A hook from {@link #install} runs the service's stop and, when the stop returned normally and
 * the JVM is stopping on a signal, ends the process with status 0. When the process ends through {@link #exit} (the
 * command's own status, such as 1 after a failure) the hook runs the stop and leaves that status alone; a stop that
 * throws leaves the signal's status.
 */
public final class StopHook {
    private static final AtomicBoolean EXITING = new AtomicBoolean();

    private StopHook() {
    }

    /**
     * Registers {@code stop} as a shutdown hook thread named {@code name}.
     *
     * @return the hook, for {@link Runtime#removeShutdownHook}
     */
    public static Thread install(String name, Runnable stop) {
        Thread hook = new Thread(() -> {
            // read first: once the stop has run, the command's thread goes on to exit(0), which blocks
            boolean onSignal = !EXITING.get();
            stop.run();
            if (onSignal) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Ends the process with {@code status}, which the hooks keep: use instead of {@link System#exit}. */
    public static void exit(int status) {
        EXITING.set(true);
        System.exit(status);
    }
}
