package io.sitewatch.dashboard.testdoubles;

import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.dashboard.DashboardServer;
import io.sitewatch.dashboard.DashboardSettings;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.Alert;
import io.sitewatch.model.Target;
import io.sitewatch.registry.TargetRegistry;
import io.sitewatch.testing.EmbeddedKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A whole dashboard for integration tests: the real {@link DashboardServer} on a free port, reading topics on the
 * embedded broker (created with a unique prefix per fixture) and a {@link StatsServiceTestDouble}.
 */
public final class DashboardFixture implements AutoCloseable {
    public static final String TOKEN = "it-token-0123456789abcdef";

    public final StatsServiceTestDouble stats;
    public final Topics topics;
    public final KafkaSettings kafka;
    public final DashboardServer server;
    public final TargetRegistry registry;
    private final KafkaProducer<String, Alert> alerts;
    private final HttpClient http = HttpClient.newHttpClient();

    public DashboardFixture(EmbeddedKafkaExtension broker, String prefix, List<SitewatchConfig.View> views,
                            StatsServiceTestDouble stats) {
        this(broker, prefix, views, stats, null);
    }

    /** @param readToken the read token the dashboard requires, or null for an open read API */
    public DashboardFixture(EmbeddedKafkaExtension broker, String prefix, List<SitewatchConfig.View> views,
                            StatsServiceTestDouble stats, String readToken) {
        this.stats = stats;
        this.topics = new Topics(prefix);
        this.kafka = KafkaSettings.of(broker.bootstrapServers());
        topics.ensureCreated(broker.admin(), 3, (short) 1);
        this.registry = new TargetRegistry(kafka, topics, Duration.ofSeconds(20));
        this.alerts = new KafkaProducer<>(kafka.producer("it-alerts"), new StringSerializer(),
                topics.alerts().valueSerde().serializer());
        DashboardSettings settings = DashboardSettings.of(kafka, stats.url()).withTopics(topics).withApiToken(TOKEN)
                .withViews(views).withReadAccess(readToken, null, null);
        this.server = new DashboardServer(settings);
    }

    public DashboardFixture start() {
        server.start();
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Produces an alert on the alerts topic, keyed by site, and waits for the broker's ack. */
    public void produce(Alert alert) throws Exception {
        alerts.send(new ProducerRecord<>(topics.alerts().name(), alert.site(), alert)).get(10, TimeUnit.SECONDS);
    }

    public void target(Target t) {
        registry.put(t);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        alerts.close();
        stats.close();
    }
}
