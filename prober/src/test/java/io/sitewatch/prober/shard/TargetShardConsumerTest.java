package io.sitewatch.prober.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Target;
import io.sitewatch.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Health of the targets consumer without a broker (the embedded-broker cases are in ProberCommandIT). */
@Timeout(30)
class TargetShardConsumerTest {

    @Test
    void aConsumerThatCannotReachKafkaIsNotHealthy() throws Exception {
        // nothing listens there: each poll returns empty-handed, which used to count as "polling its shard", so a
        // prober pointed at the wrong address answered /health 200 and /health/ready READY
        int closed = FreePorts.loopback();
        TargetSink ignore = new TargetSink() {
            @Override
            public void upsert(Target target) {
            }

            @Override
            public void remove(String id) {
            }
        };
        try (TargetShardConsumer consumer = new TargetShardConsumer(KafkaSettings.of("127.0.0.1:" + closed),
                new Topics("nobroker"), "default", "p1", ignore, new SimpleMeterRegistry())) {
            consumer.start();
            for (int i = 0; i < 6; i++) {
                Thread.sleep(500);
                assertThat(consumer.polling()).as("after %d ms", (i + 1) * 500).isFalse();
            }
        }
    }
}
