package io.sitewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;

class KafkaLogLevelsTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger kafka = context.getLogger("kafka");
    private final Logger apacheKafka = context.getLogger("org.apache.kafka");
    private final Level kafkaBefore = kafka.getLevel();
    private final Level apacheKafkaBefore = apacheKafka.getLevel();

    @AfterEach
    void restore() {
        kafka.setLevel(kafkaBefore);
        apacheKafka.setLevel(apacheKafkaBefore);
    }

    @Test
    void unconfiguredKafkaLoggersGoToWarnAndConfiguredOnesAreKept() {
        kafka.setLevel(null);
        apacheKafka.setLevel(Level.INFO);

        KafkaLogLevels.quietUnlessConfigured();

        assertThat(kafka.getLevel()).isEqualTo(Level.WARN);
        assertThat(apacheKafka.getLevel()).isEqualTo(Level.INFO);
    }
}
