package dev.llmops.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CassetteModeTest {

    @Test
    void replaysWhenNothingIsSet() {
        assertThat(CassetteMode.resolve(null, null)).isEqualTo(CassetteMode.REPLAY);
    }

    @Test
    void treatsBlankValuesAsUnset() {
        assertThat(CassetteMode.resolve(" ", "")).isEqualTo(CassetteMode.REPLAY);
    }

    @Test
    void takesTheEnvironmentVariableWhenThePropertyIsUnset() {
        assertThat(CassetteMode.resolve(null, "RECORD")).isEqualTo(CassetteMode.RECORD);
    }

    @Test
    void prefersTheSystemPropertyToTheEnvironmentVariable() {
        assertThat(CassetteMode.resolve("replay", "RECORD")).isEqualTo(CassetteMode.REPLAY);
    }

    @Test
    void acceptsAnyCaseAndHyphens() {
        assertThat(CassetteMode.parse(" record-missing ")).isEqualTo(CassetteMode.RECORD_MISSING);
        assertThat(CassetteMode.parse("Record_Missing")).isEqualTo(CassetteMode.RECORD_MISSING);
    }

    @Test
    void rejectsAnUnknownModeNamingTheSourceAndTheChoices() {
        assertThatThrownBy(() -> CassetteMode.resolve(null, "rerecord"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment variable LLMOPS_CASSETTE_MODE is 'rerecord', which names no cassette mode: "
                        + "use one of [REPLAY, RECORD, RECORD_MISSING]");
    }
}
