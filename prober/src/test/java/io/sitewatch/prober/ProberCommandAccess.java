package io.sitewatch.prober;

import picocli.CommandLine;

/** Runs a {@link ProberCommand} from tests in other packages and stops it as SIGTERM would. */
public final class ProberCommandAccess {
    private final ProberCommand command = new ProberCommand();

    public int execute(String... args) {
        return new CommandLine(command).execute(args);
    }

    public void stop() {
        command.stop();
    }
}
