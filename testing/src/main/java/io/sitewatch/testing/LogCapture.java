package io.sitewatch.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the process (a Logback {@link ListAppender} on the root logger) while open, so a test
 * can scan the formatted messages, their arguments and the stack traces for secrets.
 */
public final class LogCapture implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;

    public LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(context);
        appender.setName("log-capture");
        appender.start();
        root.addAppender(appender);
    }

    /** Every event so far, as text: logger, formatted message, and each throwable's class and message, chained. */
    public synchronized String text() {
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent e : new ArrayList<>(appender.list)) {
            out.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                out.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The formatted messages so far. */
    public synchronized List<String> messages() {
        return new ArrayList<>(appender.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
