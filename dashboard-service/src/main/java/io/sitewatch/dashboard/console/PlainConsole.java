package io.sitewatch.dashboard.console;

import io.sitewatch.dashboard.stats.ViewSnapshot;
import io.sitewatch.model.Alert;
import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code --plain}: line-by-line output for logs and non-terminals. Each view is printed as a table whenever it
 * refreshes; each alert as one line when it arrives (the recent past ones first); connection changes as notes.
 * No colours, no cursor movement.
 */
public final class PlainConsole implements DashboardClient.Listener {
    static final int WIDTH = 132;

    private final PrintStream out;
    private final ConsoleModel model;
    private final ConsoleRenderer renderer;
    private final Clock clock;
    private final String dashboard;
    private Boolean wasConnected;
    private volatile Runnable onOutputClosed = () -> { };

    public PlainConsole(PrintStream out, ConsoleModel model, ConsoleRenderer renderer, Clock clock, String dashboard) {
        this.out = out;
        this.model = model;
        this.renderer = renderer;
        this.clock = clock;
        this.dashboard = dashboard;
    }

    /**
     * What to do once the output is gone — the reader of a pipe has exited ({@code | head}, {@code | grep -m1}): stop
     * following the dashboard, so that the command ends with its pipeline instead of running on, unseen, for ever.
     */
    public void onOutputClosed(Runnable stop) {
        this.onOutputClosed = stop;
    }

    @Override
    public synchronized void changed(String event, Object payload) {
        switch (event) {
            case "stats" -> {
                out.println();
                renderer.view((ViewSnapshot) payload, model, WIDTH, clock.instant())
                        .forEach(l -> out.println(l.toString().stripTrailing()));
            }
            case "alert" -> out.println(renderer.alert((Alert) payload, WIDTH).toString());
            case "connection" -> {
                boolean now = model.connected();
                if (wasConnected == null || wasConnected != now) {
                    out.println(now ? "# connected to " + dashboard
                            : "# " + model.problem() + "; retrying");
                }
                wasConnected = now;
            }
            default -> {
            }
        }
        out.flush();
        if (out.checkError()) {
            onOutputClosed.run();
        }
    }
}
