package io.sitewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of invalid config files: each {@code invalid/NAME.json|yaml} must fail with exactly the lines of
 * {@code invalid/NAME.expected}, all reported at once.
 */
class InvalidConfigTest {

    static Stream<Path> invalidConfigs() throws IOException, URISyntaxException {
        Path dir = Path.of(InvalidConfigTest.class.getResource("/config/invalid").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> configs = files.filter(f -> !f.toString().endsWith(".expected")).sorted().toList();
            assertThat(configs).hasSizeGreaterThan(20);
            return configs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void rejectsWithExactMessages(Path config) throws IOException {
        String base = config.getFileName().toString().replaceAll("\\.(json|yaml)$", "");
        List<String> expected = Files.readAllLines(config.resolveSibling(base + ".expected")).stream()
                .filter(l -> !l.isBlank()).toList();

        assertThatThrownBy(() -> ConfigParser.load(config))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).containsExactlyElementsOf(expected))
                .hasMessageStartingWith(config + " is invalid (" + expected.size() + " error");
    }
}
