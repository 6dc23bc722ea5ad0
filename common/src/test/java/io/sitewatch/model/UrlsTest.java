package io.sitewatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlsTest {
    @ParameterizedTest
    @CsvSource({
            "https://example.com/health,https://example.com/health",
            "https://user:secret@example.com/p?token=abc#frag,https://example.com/p",
            "http://127.0.0.1:8080/site/a?x=1,http://127.0.0.1:8080/site/a",
            "'::not a url',<invalid url>"})
    void redactsCredentialsQueryAndFragment(String in, String out) {
        assertThat(Urls.redact(in)).isEqualTo(out);
    }
}
