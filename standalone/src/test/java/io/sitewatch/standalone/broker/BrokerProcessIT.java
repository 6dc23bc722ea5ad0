package io.sitewatch.standalone.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sitewatch.net.PortInUseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The standalone broker: a real KRaft Kafka in a child JVM from target/broker-lib. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerProcessIT {
    @TempDir
    Path dataDir;

    private BrokerSettings settings() throws IOException {
        return new BrokerSettings(dataDir, Path.of("target/broker-lib"), freePort(), freePort(),
                BrokerSettings.DEFAULT_JVM_OPTIONS, Duration.ofSeconds(90), Duration.ofSeconds(20));
    }

    @Test
    void startsFormatsOnceKeepsDataAcrossRestartsAndCleansUpALeftoverBroker() throws Exception {
        BrokerSettings s = settings();
        BrokerProcess first = new BrokerProcess(s);
        first.start();
        long firstPid = first.pid().orElseThrow();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", first.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce(first.bootstrapServers(), "kept");

        // The parent "dies" without closing the broker: its pid file stays behind. The next start stops it.
        BrokerProcess second = new BrokerProcess(s);
        second.start();
        try {
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(second.pid().orElseThrow()).isNotEqualTo(firstPid);
            assertThat(consumeAll(second.bootstrapServers())).containsExactly("kept");
            assertThat(Files.readString(dataDir.resolve("kafka/broker.pid")).trim())
                    .isEqualTo(Long.toString(second.pid().orElseThrow()));
        } finally {
            second.close();
        }
        assertThat(second.isAlive()).isFalse();
        assertThat(dataDir.resolve("kafka/broker.pid")).doesNotExist();
    }

    @Test
    void ctrlCInTheTerminalLeavesTheBrokerRunningUntilItsParentStopsIt() throws Exception {
        BrokerProcess broker = new BrokerProcess(settings());
        broker.start();
        try {
            long pid = broker.pid().orElseThrow();
            // a terminal's Ctrl-C signals the whole process group, the broker child included
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
            Thread.sleep(3000);
            assertThat(broker.isAlive()).isTrue();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("")).contains("kafka.Kafka");
        } finally {
            broker.close();
        }
        assertThat(broker.isAlive()).isFalse();
        assertThat(broker.unexpectedExit()).as("a stop asked for is not a crash").isNotDone();
    }

    @Test
    void aBrokerThatDiesWhileRunningIsReportedWithItsStatusAndLog() throws Exception {
        Files.createDirectories(dataDir.resolve("kafka"));
        Files.writeString(dataDir.resolve("kafka/broker.log"), "2026-01-01T00:00:00 ERROR stale line of an earlier run\n");
        BrokerProcess broker = new BrokerProcess(settings());
        broker.start();
        try {
            ProcessHandle.of(broker.pid().orElseThrow()).orElseThrow().destroyForcibly();
            assertThat(broker.unexpectedExit().get(30, TimeUnit.SECONDS))
                    .startsWith("the Kafka broker exited unexpectedly (status 137); see "
                            + dataDir.resolve("kafka/broker.log"))
                    .doesNotContain("stale line of an earlier run");
        } finally {
            broker.close();
        }
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BrokerSettings s = new BrokerSettings(dataDir, Path.of("target/broker-lib"), taken.getLocalPort(),
                    freePort(), BrokerSettings.DEFAULT_JVM_OPTIONS, Duration.ofSeconds(60), Duration.ofSeconds(10));
            assertThatThrownBy(() -> new BrokerProcess(s).start())
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + taken.getLocalPort() + " is in use (another Kafka or a previous sitewatch?); "
                            + "stop it or choose another port with --kafka-port");
        }
    }

    private static void produce(String bootstrap, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("t", "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "g");
        p.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return java.util.stream.StreamSupport.stream(records.spliterator(), false)
                            .map(r -> r.value()).toList();
                }
            }
            return List.of();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
