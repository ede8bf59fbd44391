package dev.llmops.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ResetTimestampTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aUtcTimestampIsTheWaitFromTheClock() {
        assertThat(ResetTimestamp.parse("2026-01-01T00:00:30Z", CLOCK)).contains(Duration.ofSeconds(30));
    }

    @Test
    void fractionsAndOffsetsAreRead() {
        assertThat(ResetTimestamp.parse("2026-01-01T00:00:01.25Z", CLOCK)).contains(Duration.ofMillis(1250));
        assertThat(ResetTimestamp.parse(" 2025-12-31T19:00:05-05:00 ", CLOCK)).contains(Duration.ofSeconds(5));
    }

    @Test
    void aPastTimestampIsZero() {
        assertThat(ResetTimestamp.parse("2025-12-31T23:00:00Z", CLOCK)).contains(Duration.ZERO);
    }

    @Test
    void missingOrUnreadableValuesAreEmpty() {
        assertThat(ResetTimestamp.parse(null, CLOCK)).isEmpty();
        assertThat(ResetTimestamp.parse(" ", CLOCK)).isEmpty();
        assertThat(ResetTimestamp.parse("30", CLOCK)).isEmpty();
        assertThat(ResetTimestamp.parse("Thu, 01 Jan 2026 00:00:45 GMT", CLOCK)).isEmpty();
    }
}
