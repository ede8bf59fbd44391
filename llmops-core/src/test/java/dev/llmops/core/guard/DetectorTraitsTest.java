package dev.llmops.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-pass counts that let a detector skip a text its values cannot occur in. */
class DetectorTraitsTest {

    @Test
    void countsDigitsDotsAndColonsAndNotesAtAndDash() {
        Detector.Traits traits = Detector.Traits.of("Ticket 4711: see 10.0.0.1 or ana@example.com - thanks");

        assertThat(traits).isEqualTo(new Detector.Traits(9, 4, 1, true, true, false));
    }

    @Test
    void notesTwoCapitalsFollowedByTwoDigitsAsAPossibleIbanStart() {
        assertThat(Detector.Traits.of("pay DE89 3704 0044").ibanStart()).isTrue();
        assertThat(Detector.Traits.of("pay De89 or D89 or DE8x").ibanStart()).isFalse();
    }

    @Test
    void proseWithoutPersonalDataIsLeftAsIsByEveryKind() {
        String text = "Ticket 12: the customer asks how vector indexes speed up retrieval, and whether reindexing is needed.";

        assertThat(PiiRedactor.builder().build().newRedaction().redact(text)).isSameAs(text);
    }
}
