package dev.llmops.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:27:30Z"), ZoneOffset.UTC);

    @Test
    void readsWholeSeconds() {
        assertThat(RetryAfter.parse("20", CLOCK)).contains(Duration.ofSeconds(20));
    }

    @Test
    void readsFractionalSecondsLeniently() {
        assertThat(RetryAfter.parse("1.5", CLOCK)).contains(Duration.ofMillis(1500));
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", CLOCK)).contains(Duration.ofSeconds(30));
    }

    @Test
    void anHttpDateInThePastMeansRetryNow() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", CLOCK)).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "soon", "-5", "1e3", "Wed, 99 Oct 2015 07:28:00 GMT"})
    void unreadableRetryAfterIsEmpty(String value) {
        assertThat(RetryAfter.parse(value, CLOCK)).isEmpty();
    }

    @Test
    void missingRetryAfterIsEmpty() {
        assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
    }

    @Test
    void readsMilliseconds() {
        assertThat(RetryAfter.parseMillis("1500")).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.parseMillis("20.5")).contains(Duration.ofNanos(20_500_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "abc"})
    void unreadableMillisAreEmpty(String value) {
        assertThat(RetryAfter.parseMillis(value)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "1s, PT1S",
            "6m0s, PT6M",
            "20ms, PT0.02S",
            "1h2m3.5s, PT1H2M3.5S",
            "0.5s, PT0.5S",
            "7.66s, PT7.66S",
            "250us, PT0.00025S",
            "12ns, PT0.000000012S",
            "3, PT3S",
    })
    void readsGoDurations(String text, String expected) {
        assertThat(RetryAfter.parseDuration(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "1x", "1h2", "h1", "1..5s", "-1s"})
    void unreadableDurationsAreEmpty(String text) {
        assertThat(RetryAfter.parseDuration(text)).isEmpty();
    }
}
