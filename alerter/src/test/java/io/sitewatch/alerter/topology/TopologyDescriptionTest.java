package io.sitewatch.alerter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitewatch.alerter.AlerterSettings;
import io.sitewatch.kafka.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology's shape: every node and store is named, so a rename (which would orphan the changelog
 * and the committed offsets of a running deployment) shows up here. On a deliberate change, copy
 * {@code target/topology-actual.txt} over {@code src/test/resources/io/sitewatch/alerter/topology/topology.txt}.
 */
class TopologyDescriptionTest {
    @Test
    void topologyIsPinned() throws IOException {
        String actual = AlertTopology.build(AlerterSettings.defaults(), Topics.defaults()).describe().toString();
        Files.writeString(Path.of("target", "topology-actual.txt"), actual);
        String expected;
        try (InputStream in = getClass().getResourceAsStream("topology.txt")) {
            assertThat(in).as("topology.txt resource").isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual.strip()).isEqualTo(expected.strip());
    }
}
