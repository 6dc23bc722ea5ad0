package io.sitewatch.dashboard.console;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen console (JLine): the alternate screen, redrawn when the dashboard sends a change (stats views
 * on their cadence, alerts as they arrive) and every second for the clocks; {@code q} or Ctrl-C quits and
 * restores the terminal. Only the lines that changed are rewritten ({@link Display}), except after a resize, when the
 * whole screen is.
 */
public final class FullScreenConsole implements DashboardClient.Listener {
    private final Terminal terminal;
    private final ConsoleModel model;
    private final ConsoleRenderer renderer;
    private final Clock clock;
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private volatile List<AttributedString> lastFrame = List.of();
    /** The size of the screen last drawn. */
    private int drawnRows = -1;
    private int drawnCols = -1;

    public FullScreenConsole(Terminal terminal, ConsoleModel model, ConsoleRenderer renderer, Clock clock) {
        this.terminal = terminal;
        this.model = model;
        this.renderer = renderer;
        this.clock = clock;
    }

    @Override
    public void changed(String event, Object payload) {
        dirty.set(true);
    }

    /** Runs until the user quits; {@code client} is followed on its own thread meanwhile. */
    public void run(DashboardClient client) throws IOException {
        Thread follower = new Thread(client, "console-events");
        follower.setDaemon(true);
        follower.start();
        Attributes saved = terminal.enterRawMode();
        terminal.handle(Terminal.Signal.WINCH, s -> dirty.set(true));
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        Display display = new Display(terminal, true);
        NonBlockingReader keys = terminal.reader();
        long lastDraw = 0;
        try {
            while (true) {
                long now = System.currentTimeMillis();
                if (dirty.getAndSet(false) || now - lastDraw >= 1000) {
                    draw(display);
                    lastDraw = now;
                }
                int c = keys.read(100);
                if (c == 'q' || c == 'Q' || c == 3 || c == NonBlockingReader.EOF) {
                    break;
                }
            }
        } finally {
            client.close();
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    private void draw(Display display) {
        Size size = terminal.getSize();
        int rows = size.getRows() > 0 ? size.getRows() : 24;
        int cols = size.getColumns() > 0 ? size.getColumns() : 80;
        if (rows != drawnRows || cols != drawnCols) {
            // a terminal keeps, cuts or moves what was on screen in its own way when it is resized (tmux moved the
            // lower lines up): redrawn only where the frame changed, the old lines stayed as garbage. Start clear.
            display.clear();
            drawnRows = rows;
            drawnCols = cols;
        }
        display.resize(rows, cols);
        List<AttributedString> frame = renderer.render(model, cols, rows, clock.instant());
        lastFrame = frame;
        display.update(frame, -1);
        terminal.flush();
    }

    /** The lines last drawn (what the screen shows). */
    public List<AttributedString> lastFrame() {
        return lastFrame;
    }
}
