package io.sitewatch.dashboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sitewatch.testing.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/**
 * The full-screen console on a JLine terminal over in-memory streams (xterm), with no dashboard to follow: what it
 * writes to the terminal when the terminal is resized.
 */
class FullScreenConsoleTest {
    private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    @Test
    void aResizedTerminalIsClearedAndTheWholeScreenDrawnAgain() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).streams(in, out).type("xterm-256color")
                .size(new Size(100, 30)).encoding(StandardCharsets.UTF_8).build();
        ConsoleModel model = new ConsoleModel();
        String nowhere = "http://127.0.0.1:" + FreePorts.loopback();
        FullScreenConsole console = new FullScreenConsole(terminal, model,
                new ConsoleRenderer(nowhere, ZoneOffset.UTC), Clock.systemUTC());
        Thread ui = new Thread(() -> {
            try {
                console.run(new DashboardClient(URI.create(nowhere), model, console));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "console-under-test");
        ui.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> console.lastFrame().size() == 30);
            Thread.sleep(1_500); // a redraw or two at this size: only the clock changes
            int before = out.size();

            terminal.setSize(new Size(70, 20));
            terminal.raise(Terminal.Signal.WINCH);
            await().atMost(Duration.ofSeconds(5)).until(() -> console.lastFrame().size() == 20);
            Thread.sleep(300);
            byte[] all = out.toByteArray();
            String afterResize = new String(all, before, all.length - before, StandardCharsets.UTF_8);
            assertThat(afterResize).as("cleared, then every line written again, the title included")
                    .contains(CLEAR_SCREEN);
            // the text drawn after it, without the escape sequences that style it and move the cursor
            String drawn = afterResize.substring(afterResize.indexOf(CLEAR_SCREEN))
                    .replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
            assertThat(drawn).contains("sitewatch", "reconnecting", "cannot reach the dashboard");
        } finally {
            keys.write('q');
            keys.flush();
            ui.join(5_000);
        }
        assertThat(ui.isAlive()).as("q quits").isFalse();
    }
}
