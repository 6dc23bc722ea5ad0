package io.sitewatch.cli;

import io.sitewatch.config.ConfigException;
import io.sitewatch.process.StopHook;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./sitewatch}: one command line for every part of sitewatch.
 * Exit status: 0 ok, 2 bad configuration or arguments (the message names the field and the fix), 1 other.
 */
@Command(name = "sitewatch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Website availability and performance monitor over Kafka.",
        subcommands = {
                CheckConfigCommand.class,
                TargetsCommand.class,
                HealthcheckCommand.class,
                io.sitewatch.prober.ProberCommand.class,
                io.sitewatch.stats.StatsCommand.class,
                io.sitewatch.alerter.AlerterCommand.class,
                io.sitewatch.dashboard.DashboardCommand.class,
                io.sitewatch.dashboard.console.ConsoleCommand.class,
                io.sitewatch.standalone.StandaloneCommand.class,
                io.sitewatch.standalone.DemoCommand.class,
                io.sitewatch.canary.harness.CanaryCommand.class,
                CommandLine.HelpCommand.class})
public final class SitewatchCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** The configured command line: usage errors and config errors exit 2, everything else 1. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SitewatchCli());
        cli.setExitCodeExceptionMapper(e -> e instanceof ConfigException || e instanceof IllegalArgumentException
                || e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ConfigException ce) {
                err.println(ce.getMessage());
                return EXIT_USAGE;
            }
            if (e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
                return EXIT_USAGE;
            }
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return EXIT_FAILURE;
        });
        return cli;
    }

    public static void main(String[] args) {
        String problem = logFormatProblem(System.getenv("SITEWATCH_LOG_FORMAT"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(EXIT_USAGE);
        }
        StopHook.exit(commandLine().execute(args));
    }

    /** Why {@code SITEWATCH_LOG_FORMAT} is not usable, or null (unset, {@code keyvalue} or {@code json}). */
    static String logFormatProblem(String format) {
        if (format == null || format.isEmpty() || format.equals("keyvalue") || format.equals("json")) {
            return null;
        }
        return "SITEWATCH_LOG_FORMAT: must be keyvalue (the default) or json, was \"" + format + "\"";
    }
}
