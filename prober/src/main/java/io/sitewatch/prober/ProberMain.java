package io.sitewatch.prober;

import io.sitewatch.process.StopHook;
import picocli.CommandLine;

/** {@code java -cp … io.sitewatch.prober.ProberMain [flags]}: runs {@link ProberCommand}. */
public final class ProberMain {
    private ProberMain() {
    }

    public static void main(String[] args) {
        StopHook.exit(new CommandLine(new ProberCommand()).execute(args));
    }
}
