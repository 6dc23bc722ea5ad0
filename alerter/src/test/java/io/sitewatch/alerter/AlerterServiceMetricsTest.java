package io.sitewatch.alerter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The alerter sets its metric tag filter before it registers any meter: a filter added after a meter makes Micrometer
 * log a WARN (six of them, one per filter, with a link to its issue tracker) at every start of the alerter and of
 * standalone.
 */
class AlerterServiceMetricsTest {
    private final Logger micrometer = (Logger) LoggerFactory.getLogger("io.micrometer");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @TempDir
    Path state;

    @BeforeEach
    void capture() {
        logged.start();
        micrometer.addAppender(logged);
    }

    @AfterEach
    void release() {
        micrometer.detachAppender(logged);
    }

    @Test
    void aNewAlerterRegistersItsMetricsWithoutAMicrometerWarning() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AlerterSettings settings = AlerterSettings.defaults().withStreams("metrics-test", state, 1,
                Duration.ofSeconds(1), 0);
        AlerterService service = new AlerterService(KafkaSettings.of("127.0.0.1:9"), Topics.defaults(), settings,
                registry);
        try {
            assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            assertThat(registry.getMeters()).isNotEmpty();
        } finally {
            service.close();
        }
    }
}
