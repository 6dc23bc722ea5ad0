package io.sitewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.model.AlertingPolicy;
import io.sitewatch.model.StatusRange;
import io.sitewatch.model.Target;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigParserTest.class.getResource("/config/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"valid/full.json", "valid/full.yaml"})
    void readsTheDesignExampleInJsonAndYaml(String file) throws Exception {
        SitewatchConfig c = ConfigParser.load(resource(file));

        assertThat(c.websites()).extracting(Target::id).containsExactly("example", "api", "www-example-org");
        Target example = c.websites().get(0);
        assertThat(example.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(example.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(example.method()).isEqualTo("GET");
        assertThat(example.expect().status()).containsExactly(new StatusRange(200, 399));
        assertThat(example.followRedirects()).isTrue();
        assertThat(example.maxRedirects()).isEqualTo(5);
        // the file-level alerting section is merged into every site
        assertThat(example.alerting()).isEqualTo(new AlertingPolicy(0.8, Duration.ofMinutes(2), null));

        Target api = c.websites().get(1);
        assertThat(api.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(api.expect().status()).containsExactly(StatusRange.of(200));
        assertThat(api.expect().bodyContains()).isEqualTo("ok");
        assertThat(api.alerting()).isEqualTo(new AlertingPolicy(0.95, Duration.ofMinutes(1), null));

        Target derived = c.websites().get(2);
        assertThat(derived.url()).isEqualTo("https://www.Example.org/x");
        assertThat(derived.headers()).containsEntry("Authorization", "Bearer ${API_TOKEN}");
        assertThat(derived.regions()).containsExactly("eu-west");

        assertThat(c.views()).containsExactly(
                new SitewatchConfig.View(Duration.ofMinutes(10), Duration.ofSeconds(10)),
                new SitewatchConfig.View(Duration.ofHours(1), Duration.ofMinutes(1)));
    }

    @Test
    void minimalConfigTakesEveryDefault() {
        SitewatchConfig c = ConfigParser.parse("{\"websites\": [{\"url\": \"http://127.0.0.1:8080/\"}]}", false, "t");
        Target t = c.websites().get(0);
        assertThat(t.id()).isEqualTo("127-0-0-1");
        assertThat(t.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.alerting().isEmpty()).isTrue();
        assertThat(c.views()).isEqualTo(SitewatchConfig.DEFAULT_VIEWS);
    }

    @Test
    void shortIntervalGetsHalfOfItAsDefaultTimeout() {
        SitewatchConfig c = ConfigParser.parse(
                "{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\", \"interval\": \"2s\"}]}", false, "t");
        assertThat(c.websites().get(0).timeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void statusAcceptsCodesRangesAndClasses() {
        SitewatchConfig c = ConfigParser.parse("{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\","
                + " \"expect\": {\"status\": [204, \"300-302\", \"4xx\"]}}]}", false, "t");
        var expect = c.websites().get(0).expect();
        assertThat(expect.statusAccepted(204)).isTrue();
        assertThat(expect.statusAccepted(301)).isTrue();
        assertThat(expect.statusAccepted(404)).isTrue();
        assertThat(expect.statusAccepted(200)).isFalse();
        assertThat(expect.statusAccepted(503)).isFalse();
    }

    @Test
    void parseWebsiteValidatesOneObjectWithRelativePaths() throws Exception {
        var node = new ObjectMapper().readTree("{\"name\": \"x\", \"url\": \"https://x.example\", \"interval\": \"0s\"}");
        assertThatThrownBy(() -> ConfigParser.parseWebsite(node, SitewatchConfig.Defaults.DEFAULT, null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors())
                        .containsExactly("interval: must be at least 1s, was 0s"));

        var ok = new ObjectMapper().readTree("{\"name\": \"x\", \"url\": \"https://x.example\"}");
        assertThat(ConfigParser.parseWebsite(ok, SitewatchConfig.Defaults.DEFAULT, null).id()).isEqualTo("x");
    }

    @Test
    void emptyFileIsAClearError() {
        assertThatThrownBy(() -> ConfigParser.parse("  ", false, "c.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the file is empty");
    }

    @Test
    void missingFileNamesThePath() {
        assertThatThrownBy(() -> ConfigParser.load(Path.of("/nonexistent/config.json")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors())
                        .isEqualTo(List.of("/nonexistent/config.json: no such file; pass the path of your config.json")));
    }

    @Test
    void anUpperCaseSchemeIsReadAsLowerCase() {
        // URI schemes are case-insensitive; the record keeps them lower case (it used to end check-config with
        // 'target.url must be an absolute http(s) URL' and none of the file's other problems)
        SitewatchConfig c = ConfigParser.parse("{\"websites\": [{\"url\": \"HTTPS://Example.COM/Health\"},"
                + " {\"name\": \"b\", \"url\": \"Http://b.example\"}]}", false, "t");
        assertThat(c.websites()).extracting(Target::url)
                .containsExactly("https://Example.COM/Health", "http://b.example");
        assertThat(c.websites().get(0).id()).isEqualTo("example-com");
    }

    @Test
    void aByteOrderMarkIsIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.write(file, ("\uFEFF{\"websites\": [{\"name\": \"a\", \"url\": \"https://a.example\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ConfigParser.load(file).websites()).extracting(Target::id).containsExactly("a");
        Path yaml = dir.resolve("config.yaml");
        Files.write(yaml, "\uFEFFwebsites:\n  - {name: a, url: https://a.example}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ConfigParser.load(yaml).websites()).extracting(Target::id).containsExactly("a");
    }

    @Test
    void aDirectoryIsNamedAsOne(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigParser.load(dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).isEqualTo(List.of(dir
                        + ": is a directory; pass the path of the config file, e.g. " + dir.resolve("config.json"))));
    }

    @Test
    void hostSlugs() {
        assertThat(ConfigParser.slugFromHost("www.Example.COM")).isEqualTo("www-example-com");
        assertThat(ConfigParser.slugFromHost("[::1]")).isEqualTo("1");
    }
}
