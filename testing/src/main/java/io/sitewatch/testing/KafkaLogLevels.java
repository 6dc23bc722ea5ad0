package io.sitewatch.testing;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

/**
 * Keeps an embedded broker from flooding test output: Kafka's loggers go to WARN unless the module's own
 * Logback configuration already gives them a level. Without any configuration Logback logs everything at
 * DEBUG, which for a broker is tens of thousands of lines per test class.
 */
final class KafkaLogLevels {

    private static final List<String> KAFKA_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private KafkaLogLevels() {
    }

    /** Sets each Kafka logger without an explicit level to WARN; does nothing if Logback is not the backend. */
    static void quietUnlessConfigured() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (String name : KAFKA_LOGGERS) {
            Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}
