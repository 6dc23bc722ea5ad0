package io.sitewatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void theVersionAndCommitAreFilteredIntoTheBuild() {
        BuildInfo b = BuildInfo.current();
        assertThat(b.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        if (java.nio.file.Files.exists(java.nio.file.Path.of("..", ".git"))) {
            // built from a git checkout (a worktree too): an abbreviated hex commit, never a placeholder
            assertThat(b.commit()).matches("[0-9a-f]{7,40}");
        } else {
            assertThat(b.commit()).isEqualTo("unknown"); // a source tree without .git, such as the Docker build
        }
        assertThat(b.asMap()).containsKeys("version", "commit", "java");
    }
}
