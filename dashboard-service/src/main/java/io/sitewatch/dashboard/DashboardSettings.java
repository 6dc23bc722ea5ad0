package io.sitewatch.dashboard;

import io.sitewatch.config.SitewatchConfig;
import io.sitewatch.kafka.KafkaSettings;
import io.sitewatch.kafka.Topics;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.net.AddressPolicy;
import java.net.URI;
import java.util.List;

/**
 * Everything the dashboard is started with, validated by {@link DashboardCommand}.
 *
 * @param kafka       how to reach the broker
 * @param topics      topic names (prefix)
 * @param statsUrl    base URL of the stats service
 * @param bind        address to listen on
 * @param port        port to listen on (0: any free port)
 * @param views       the stats views (window and refresh)
 * @param defaults    website defaults used to validate targets written through the API
 * @param alerting    file-level alerting used to validate targets written through the API
 * @param historySize alerts kept in memory
 * @param apiToken    bearer token for target changes, or null (changes disabled)
 * @param corsOrigins origins allowed to call the API from other sites; empty: none
 * @param readToken   bearer token the read API needs ({@code SITEWATCH_READ_TOKEN}), or null: reads are open
 * @param statsToken  bearer token sent to the stats service, or null
 * @param targetsAllow addresses targets written through the API may use besides public ones
 */
public record DashboardSettings(KafkaSettings kafka, Topics topics, URI statsUrl, String bind, int port,
                                List<SitewatchConfig.View> views, SitewatchConfig.Defaults defaults,
                                AlertingPolicy alerting, int historySize, String apiToken, List<String> corsOrigins,
                                String readToken, String statsToken, AddressPolicy targetsAllow) {
    public static final String DEFAULT_STATS_URL = "http://127.0.0.1:8081";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_HISTORY_SIZE = 10_000;

    public DashboardSettings {
        views = views == null || views.isEmpty() ? SitewatchConfig.DEFAULT_VIEWS : List.copyOf(views);
        defaults = defaults == null ? SitewatchConfig.Defaults.DEFAULT : defaults;
        alerting = alerting == null ? AlertingPolicy.NONE : alerting;
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        targetsAllow = targetsAllow == null ? AddressPolicy.STRICT : targetsAllow;
    }

    /** Settings with an open read API, no stats token and no allow-list. */
    public DashboardSettings(KafkaSettings kafka, Topics topics, URI statsUrl, String bind, int port,
                             List<SitewatchConfig.View> views, SitewatchConfig.Defaults defaults,
                             AlertingPolicy alerting, int historySize, String apiToken, List<String> corsOrigins) {
        this(kafka, topics, statsUrl, bind, port, views, defaults, alerting, historySize, apiToken, corsOrigins, null,
                null, null);
    }

    /** The same settings with a read token (also sent to the stats service) and an allow-list. */
    public DashboardSettings withReadAccess(String newReadToken, String newStatsToken, AddressPolicy allow) {
        return new DashboardSettings(kafka, topics, statsUrl, bind, port, views, defaults, alerting, historySize,
                apiToken, corsOrigins, newReadToken, newStatsToken, allow);
    }

    /** Defaults everywhere except the given broker and stats service: for tests and embedding. */
    public static DashboardSettings of(KafkaSettings kafka, URI statsUrl) {
        return new DashboardSettings(kafka, Topics.defaults(), statsUrl, DEFAULT_BIND, 0, null, null, null,
                DEFAULT_HISTORY_SIZE, null, null);
    }

    public DashboardSettings withApiToken(String token) {
        return new DashboardSettings(kafka, topics, statsUrl, bind, port, views, defaults, alerting, historySize, token,
                corsOrigins, readToken, statsToken, targetsAllow);
    }

    public DashboardSettings withViews(List<SitewatchConfig.View> newViews) {
        return new DashboardSettings(kafka, topics, statsUrl, bind, port, newViews, defaults, alerting, historySize,
                apiToken, corsOrigins, readToken, statsToken, targetsAllow);
    }

    public DashboardSettings withTopics(Topics newTopics) {
        return new DashboardSettings(kafka, newTopics, statsUrl, bind, port, views, defaults, alerting, historySize,
                apiToken, corsOrigins, readToken, statsToken, targetsAllow);
    }

    public DashboardSettings withCorsOrigins(List<String> origins) {
        return new DashboardSettings(kafka, topics, statsUrl, bind, port, views, defaults, alerting, historySize,
                apiToken, origins, readToken, statsToken, targetsAllow);
    }

    @Override
    public String toString() {
        return "DashboardSettings{kafka=" + kafka + ", topicPrefix=" + topics.prefix() + ", statsUrl="
                + io.sitewatch.model.Urls.redact(statsUrl.toString()) + ", bind=" + bind + ", port=" + port
                + ", views=" + views + ", historySize=" + historySize + ", apiToken="
                + (apiToken == null ? "none (target changes disabled)" : "***") + ", corsOrigins=" + corsOrigins + ", readToken=" + (readToken == null ? "none (reads open)" : "***")
                + ", statsToken=" + (statsToken == null ? "none" : "***") + ", targetsAllow=" + targetsAllow + "}";
    }
}
