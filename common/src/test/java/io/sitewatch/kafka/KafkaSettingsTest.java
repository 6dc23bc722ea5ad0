package io.sitewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void propertiesFromTheEnvironmentReachTheClientsAndTheirSecretsAreMaskedWhenShown() {
        KafkaSettings s = KafkaSettings.fromEnv(Map.of(
                "SITEWATCH_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093",
                "SITEWATCH_KAFKA_PROPERTY_SECURITY_PROTOCOL", "SASL_SSL",
                "SITEWATCH_KAFKA_PROPERTY_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"jaas-pw\";",
                "SITEWATCH_KAFKA_PROPERTY_SSL_TRUSTSTORE_PASSWORD", "trust-pw",
                "SITEWATCH_KAFKA_PROPERTY_BASIC_AUTH_USER_INFO", "alice:basic-pw",
                "SITEWATCH_KAFKA_PROPERTY_SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET", "oauth-pw"), null);

        assertThat(s.bootstrapServers()).isEqualTo("kafka-1:9093");
        assertThat(s.consumer("g", "c")).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("basic.auth.user.info", "alice:basic-pw");
        assertThat(s.toString()).contains("kafka-1:9093", "security.protocol=SASL_SSL",
                        "basic.auth.user.info=***", "sasl.jaas.config=***", "ssl.truststore.password=***")
                .doesNotContain("jaas-pw", "trust-pw", "basic-pw", "oauth-pw");
    }
}
