package io.sitewatch.alerter;

/** {@code java -cp … io.sitewatch.alerter.AlerterMain [flags]}: see {@link AlerterCommand}. */
public final class AlerterMain {
    private AlerterMain() {
    }

    public static void main(String[] args) {
        System.exit(AlerterCommand.run(args));
    }
}
