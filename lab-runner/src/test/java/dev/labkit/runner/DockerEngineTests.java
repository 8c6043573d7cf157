package dev.labkit.runner;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEngineTests {

    /** Checked before Docker is asked anything: with Ryuk on, asking alone could hang for minutes. */
    @Test
    void withoutRyukDisabledItSaysWhatToSetBeforeAskingDocker() {
        assertThatThrownBy(() -> DockerEngine.require(Map.of(), "run apps in containers", "use --sandbox process"))
                .isInstanceOf(LabException.class)
                .hasMessage("set TESTCONTAINERS_RYUK_DISABLED=true to run apps in containers (the ./lab launcher does):"
                        + " the runner stops its containers itself");
    }
}
