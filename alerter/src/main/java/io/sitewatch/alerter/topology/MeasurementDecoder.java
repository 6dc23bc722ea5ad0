package io.sitewatch.alerter.topology;

import io.sitewatch.json.JsonSerde;
import io.sitewatch.kafka.DlqHeaders;
import io.sitewatch.model.Measurement;
import io.sitewatch.time.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bytes of {@code sitewatch.measurements} into {@link Measurement}s. A record that is not a valid
 * measurement — bad JSON, a rejected field, a null value, a key that is not the measurement's site (the
 * site's state lives in the partition of its key), or a time more than {@link #MAX_AHEAD} ahead of the
 * alerter's clock (one prober with a wrong clock would otherwise make every other measurement of the site
 * "late") — goes to the dead-letter topic with its original key and bytes and the error in headers, inside
 * the same transaction, and processing continues.
 */
final class MeasurementDecoder implements Processor<String, byte[], String, Object> {
    private static final Logger log = LoggerFactory.getLogger(MeasurementDecoder.class);
    static final String SERVICE = "sitewatch-alerter";
    /** How far in the future a measurement's time may be (prober clocks drift; NTP keeps them far closer). */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private final JsonSerde<Measurement> serde = new JsonSerde<>(Measurement.class);
    private final String topic;
    private final AlerterMetrics metrics;
    private ProcessorContext<String, Object> context;

    MeasurementDecoder(String topic, AlerterMetrics metrics) {
        this.topic = topic;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Measurement m;
        try {
            if (record.value() == null) {
                throw new SerializationException("null value: a measurement record must have a value");
            }
            m = serde.deserialize(topic, record.value());
            if (!m.site().equals(record.key())) {
                throw new SerializationException("record key " + (record.key() == null ? "null" : "\""
                        + record.key() + "\"") + " is not the measurement's site \"" + m.site() + "\"");
            }
            long ahead = m.time().toEpochMilli() - context.currentSystemTimeMs();
            if (ahead > MAX_AHEAD.toMillis()) {
                throw new SerializationException("measurement.time " + m.time() + " is " + Durations.format(
                        Duration.ofMillis(ahead)) + " ahead of the alerter's clock (at most "
                        + Durations.format(MAX_AHEAD) + " allowed): check the prober's clock");
            }
        } catch (SerializationException e) {
            deadLetter(record, e);
            return;
        }
        context.forward(record.withValue(m), AlertTopology.RULE_PROCESSOR);
    }

    private void deadLetter(Record<String, byte[]> record, Exception e) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(DlqHeaders.ERROR_CLASS, utf8(e.getClass().getName()));
        headers.add(DlqHeaders.ERROR_MESSAGE, utf8(String.valueOf(e.getMessage())));
        headers.add(DlqHeaders.SERVICE, utf8(SERVICE));
        RecordMetadata meta = context.recordMetadata().orElse(null);
        if (meta != null) {
            headers.add(DlqHeaders.SOURCE_TOPIC, utf8(meta.topic()));
            headers.add(DlqHeaders.SOURCE_PARTITION, utf8(Integer.toString(meta.partition())));
            headers.add(DlqHeaders.SOURCE_OFFSET, utf8(Long.toString(meta.offset())));
        }
        log.warn("measurement dead-lettered key={} partition={} offset={} error=\"{}\"", record.key(),
                meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset(), e.getMessage());
        metrics.deadLettered();
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers),
                AlertTopology.DLQ_SINK);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
