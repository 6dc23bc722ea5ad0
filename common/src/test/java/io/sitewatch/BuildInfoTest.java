package io.sitewatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void theVersionAndCommitAreFilteredIntoTheBuild() {
        BuildInfo b = BuildInfo.current();
        assertThat(b.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        // built from this git checkout: an abbreviated hex commit, never the unfiltered placeholder
        assertThat(b.commit()).matches("[0-9a-f]{7,40}");
        assertThat(b.asMap()).containsKeys("version", "commit", "java");
    }
}
