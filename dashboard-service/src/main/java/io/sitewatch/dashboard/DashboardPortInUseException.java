package io.sitewatch.dashboard;

/**
 * The dashboard's HTTP port is taken. An {@link IllegalArgumentException}, so the command line exits 2: the fix is a
 * flag. The message names {@code --port}, the flag of both {@code sitewatch dashboard} and {@code standalone}.
 */
public final class DashboardPortInUseException extends IllegalArgumentException {
    private final String reason;

    DashboardPortInUseException(String bind, int port, Throwable cause) {
        super("--port: " + reason(bind, port), cause);
        this.reason = reason(bind, port);
    }

    private static String reason(String bind, int port) {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return host + ":" + port + " is in use (another sitewatch dashboard, or another program); stop it, or choose "
                + "another port (0 picks a free one)";
    }

    /** What is wrong, without the flag's name. */
    public String reason() {
        return reason;
    }
}
