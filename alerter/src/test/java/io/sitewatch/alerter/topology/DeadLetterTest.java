package io.sitewatch.alerter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.alerter.Checks;
import io.sitewatch.json.Json;
import io.sitewatch.kafka.DlqHeaders;
import io.sitewatch.model.Alert;
import io.sitewatch.model.AlertType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private final Checks c = Checks.at(Instant.parse("2026-11-22T05:00:00Z")).site("shop");

    private static String header(TestRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirBytesAndProcessingContinues() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] badField = Json.write(c.down(0)).replace("\"status\":null", "\"status\":999")
                .replace("\"up\":false", "\"up\":true,\"status\":999").getBytes(StandardCharsets.UTF_8);
        byte[] wrongKey = Json.writeBytes(c.down(0));
        try (AlerterDriver d = new AlerterDriver()) {
            d.send(c.down(0), c.down(10), c.down(20));
            d.rawMeasurements.pipeInput("shop", garbage);
            d.rawMeasurements.pipeInput("shop", badField);
            d.rawMeasurements.pipeInput("other", wrongKey);
            d.rawMeasurements.pipeInput("shop", (byte[]) null);
            d.send(c.down(30), c.down(40), c.down(50));

            List<TestRecord<String, byte[]>> dead = d.dlq.readRecordsToList();
            assertThat(dead).hasSize(4);
            assertThat(dead.get(0).key()).isEqualTo("shop");
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(header(dead.get(0), DlqHeaders.ERROR_CLASS))
                    .isEqualTo("org.apache.kafka.common.errors.SerializationException");
            assertThat(header(dead.get(0), DlqHeaders.ERROR_MESSAGE)).startsWith("invalid Measurement on sitewatch.measurements");
            assertThat(header(dead.get(0), DlqHeaders.SOURCE_TOPIC)).isEqualTo("sitewatch.measurements");
            assertThat(header(dead.get(0), DlqHeaders.SOURCE_OFFSET)).isEqualTo("3");
            assertThat(header(dead.get(0), DlqHeaders.SERVICE)).isEqualTo("sitewatch-alerter");
            assertThat(dead.get(1).value()).isEqualTo(badField);
            assertThat(header(dead.get(1), DlqHeaders.ERROR_MESSAGE)).contains("status");
            assertThat(dead.get(2).key()).isEqualTo("other");
            assertThat(header(dead.get(2), DlqHeaders.ERROR_MESSAGE))
                    .isEqualTo("record key \"other\" is not the measurement's site \"shop\"");
            assertThat(dead.get(3).value()).isNull();
            // a measurement from a prober whose clock is an hour ahead would make the site's others "late"
            Checks skewed = Checks.at(AlerterDriver.WALL_CLOCK_START.plus(java.time.Duration.ofHours(1))).site("shop");
            d.send(skewed.down(0));
            TestRecord<String, byte[]> future = d.dlq.readRecord();
            assertThat(header(future, DlqHeaders.ERROR_MESSAGE)).isEqualTo("measurement.time 2026-11-22T07:00:00Z "
                    + "is 1h ahead of the alerter's clock (at most 5m allowed): check the prober's clock");
            // a time no reader can turn into epoch milliseconds: it crashed the stream thread on every restart
            byte[] farFuture = Json.write(c.down(60)).replace("\"2026-11-22T05:01:00Z\"", "\"+1000000000-12-31T23:59:59Z\"")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(new String(farFuture, StandardCharsets.UTF_8)).contains("+1000000000");
            d.rawMeasurements.pipeInput("shop", farFuture);
            assertThat(header(d.dlq.readRecord(), DlqHeaders.ERROR_MESSAGE)).contains("measurement.time must be between "
                    + "0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, was +1000000000-12-31T23:59:59Z");
            assertThat(d.metrics.deadLettered).hasValue(6);
            // the six good records still make a DOWN
            assertThat(d.alerts()).extracting(Alert::type, Alert::samples)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.DOWN, 6));
        }
    }
}
