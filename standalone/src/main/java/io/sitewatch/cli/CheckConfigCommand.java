package io.sitewatch.cli;

import io.sitewatch.config.ConfigParser;
import io.sitewatch.config.EnvReferences;
import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.model.Target;
import io.sitewatch.time.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sitewatch check-config FILE}: validates and exits 0, or 2 with every problem. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a config file (JSON or YAML); exit 0 when valid, 2 with every problem otherwise.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "config.json or config.yaml")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SitewatchConfig config = ConfigParser.load(file);
        var out = spec.commandLine().getOut();
        out.printf("%s is valid: %d website%s%n", file, config.websites().size(),
                config.websites().size() == 1 ? "" : "s");
        for (Target t : config.websites()) {
            out.printf("  %-24s every %-5s timeout %-5s %s%n", t.id(), Durations.format(t.interval()),
                    Durations.format(t.timeout()), t.redacted().url());
        }
        unsetVariables(config, System::getenv).forEach(spec.commandLine().getErr()::println);
        return SitewatchCli.EXIT_OK;
    }

    /**
     * A note for each {@code ${NAME}} header reference not set in this environment. Not an error: the prober
     * resolves references from its own environment, which may well not be this one; but where it is (standalone, a
     * prober started from this shell) such a check would not run.
     */
    static List<String> unsetVariables(SitewatchConfig config, Function<String, String> env) {
        List<String> notes = new ArrayList<>();
        for (Target t : config.websites()) {
            t.headers().forEach((header, value) -> EnvReferences.names(value).stream()
                    .filter(name -> env.apply(name) == null)
                    .forEach(name -> notes.add("note: " + t.id() + ": header " + header + " uses ${" + name
                            + "}, which is not set here; set it where the prober runs, or the check is not run")));
        }
        return notes;
    }
}
