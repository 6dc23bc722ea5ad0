package io.sitewatch.alerter.topology;

import io.sitewatch.json.JsonSerde;
import io.sitewatch.model.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a site's registry entry from the global targets store (raw Target JSON) and keeps the decoded form
 * until the bytes change, so the JSON is parsed once per change, not once per measurement.
 */
final class TargetLookup {
    private static final Logger log = LoggerFactory.getLogger(TargetLookup.class);

    /** A registry entry that is not a valid Target: the site counts as registered, with the defaults. */
    static final SiteSettings INVALID = new SiteSettings(null, null, null);

    private record Cached(byte[] raw, SiteSettings settings) {
    }

    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final JsonSerde<Target> serde = new JsonSerde<>(Target.class);
    private final String topic;
    private final Map<String, Cached> cache = new HashMap<>();

    TargetLookup(ReadOnlyKeyValueStore<String, byte[]> store, String topic) {
        this.store = store;
        this.topic = topic;
    }

    /** Every site id in the registry. */
    List<String> ids() {
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                out.add(it.next().key);
            }
        }
        return out;
    }

    /** The site's settings, or null when the site is not in the registry. */
    SiteSettings find(String site) {
        byte[] raw = store.get(site);
        if (raw == null) {
            cache.remove(site);
            return null;
        }
        Cached c = cache.get(site);
        if (c != null && (c.raw == raw || Arrays.equals(c.raw, raw))) {
            return c.settings;
        }
        SiteSettings settings;
        try {
            settings = SiteSettings.of(serde.deserialize(topic, raw));
        } catch (SerializationException e) {
            log.warn("invalid target in registry, using defaults site={} error=\"{}\"", site, e.getMessage());
            settings = INVALID;
        }
        cache.put(site, new Cached(raw, settings));
        return settings;
    }
}
