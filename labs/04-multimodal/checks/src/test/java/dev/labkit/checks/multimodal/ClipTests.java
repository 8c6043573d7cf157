package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClipTests {

    @Test
    void normalisedTextHasOneSpaceForEachRunOfWhitespaceAndNoneAtTheEnds() {
        assertThat(Clip.normalised("\n Yes, ripe.\n  Press\tgently. ")).isEqualTo("Yes, ripe. Press gently.");
    }

    @Test
    void aClipIsOneLineAndCutWithItsLength() {
        assertThat(Clip.clip("a\nb")).isEqualTo("a\\nb");
        assertThat(Clip.clip("x".repeat(130))).isEqualTo("x".repeat(Clip.LENGTH) + "… (130 chars)");
    }
}
