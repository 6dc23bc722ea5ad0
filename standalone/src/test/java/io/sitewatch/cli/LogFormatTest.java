package io.sitewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import io.sitewatch.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml: key=value lines by default, one JSON object per line with SITEWATCH_LOG_FORMAT=json. */
class LogFormatTest {

    static String logWith(String format) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            if (format != null) {
                context.putProperty("SITEWATCH_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            context.getLogger("io.sitewatch.demo.Thing").info("event=started port={}", 8080);
            context.getLogger("io.sitewatch.access").debug("event=http_request route=/health");
            context.getLogger("org.apache.kafka.Chatty").info("noise");
        } finally {
            context.stop();
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keyValueLinesByDefault() throws Exception {
        List<String> lines = logWith(null).lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=INFO logger=Thing "
                + "thread=\\S+ event=started port=8080");
    }

    @Test
    void jsonLinesWithSitewatchLogFormatJson() throws Exception {
        List<String> lines = logWith("json").lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode line = Json.mapper().readTree(lines.get(0));
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asText()).isEqualTo("io.sitewatch.demo.Thing");
        assertThat(line.get("formattedMessage").asText()).isEqualTo("event=started port=8080");
        assertThat(line.has("timestamp")).isTrue();
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheVariable() {
        assertThat(SitewatchCli.logFormatProblem("xml"))
                .isEqualTo("SITEWATCH_LOG_FORMAT: must be keyvalue (the default) or json, was \"xml\"");
        assertThat(SitewatchCli.logFormatProblem(null)).isNull();
        assertThat(SitewatchCli.logFormatProblem("json")).isNull();
    }
}
