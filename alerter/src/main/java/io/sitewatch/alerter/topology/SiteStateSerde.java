package io.sitewatch.alerter.topology;

import io.sitewatch.alerter.rule.SiteState;
import io.sitewatch.alerter.rule.SiteStateCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde over {@link SiteStateCodec} for the per-site state store and its changelog. */
final class SiteStateSerde implements Serde<SiteState> {
    @Override
    public Serializer<SiteState> serializer() {
        return (topic, state) -> state == null ? null : SiteStateCodec.encode(state);
    }

    @Override
    public Deserializer<SiteState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : SiteStateCodec.decode(bytes);
    }
}
