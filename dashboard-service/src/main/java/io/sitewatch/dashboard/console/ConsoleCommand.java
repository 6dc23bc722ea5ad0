package io.sitewatch.dashboard.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch console [--dashboard URL] [--plain]}: the seed's own interface, in a terminal. Full screen
 * (JLine) by default; {@code --plain} (or a terminal that cannot do full screen) prints line by line.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Live stats views and alerts of a sitewatch dashboard, in the terminal.")
public final class ConsoleCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dashboard", paramLabel = "URL",
            defaultValue = "${env:SITEWATCH_DASHBOARD_URL:-http://127.0.0.1:8080}",
            description = "Base URL of the dashboard service. Env: SITEWATCH_DASHBOARD_URL. Default: ${DEFAULT-VALUE}.")
    String dashboard;

    @Option(names = "--plain", description = "Line-by-line output for logs and non-terminals (no full screen).")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        URI url = dashboardUri();
        String token = readToken(System.getenv());
        ConsoleModel model = new ConsoleModel();
        ConsoleRenderer renderer = new ConsoleRenderer(url.toString(), ZoneId.systemDefault());
        if (!plain) {
            Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
            try (terminal) {
                if (!Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
                    FullScreenConsole screen = new FullScreenConsole(terminal, model, renderer, Clock.systemUTC());
                    screen.run(new DashboardClient(url, model, screen, token));
                    return 0;
                }
            }
            spec.commandLine().getErr().println("console: this terminal cannot do full screen; printing line by line"
                    + " (use --plain to choose this yourself)");
        }
        PlainConsole out = new PlainConsole(System.out, model, renderer, Clock.systemUTC(), url.toString());
        DashboardClient client = new DashboardClient(url, model, out, token);
        out.onOutputClosed(client::close);
        client.run();
        return 0;
    }

    /** SITEWATCH_READ_TOKEN, or the first line of SITEWATCH_READ_TOKEN_FILE; null when neither is set. */
    String readToken(java.util.Map<String, String> env) {
        String token = env.get("SITEWATCH_READ_TOKEN");
        String file = env.get("SITEWATCH_READ_TOKEN_FILE");
        if ((token == null || token.isBlank()) && file != null) {
            try {
                token = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file)).stream().findFirst().orElse("");
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "SITEWATCH_READ_TOKEN_FILE: cannot "
                        + "read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return token == null || token.isBlank() ? null : token.trim();
    }

    private URI dashboardUri() {
        try {
            URI u = new URI(dashboard.trim());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new ParameterException(spec.commandLine(), "--dashboard: must be an http(s) URL such as "
                        + "http://127.0.0.1:8080, was \"" + dashboard + "\"");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--dashboard: must be an http(s) URL such as "
                    + "http://127.0.0.1:8080 (" + e.getReason() + ")");
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleCommand()).execute(args));
    }
}
