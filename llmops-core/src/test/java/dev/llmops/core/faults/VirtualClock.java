package dev.llmops.core.faults;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a caller sleeps on it: {@link #sleep(Duration)} advances the time to at
 * least the sleeper's wake-up instant and returns at once. Many threads may sleep at the same time; the
 * clock never goes back, so every sleeper wakes no earlier than it asked. Lets a test cover minutes of
 * retries and rate-limit windows in milliseconds.
 *
 * <p>Thread-safe.
 */
final class VirtualClock extends Clock {
    private final AtomicLong nanos;

    VirtualClock(Instant start) {
        this.nanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    /** Advances the clock to at least now + {@code duration}. */
    void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        long wake = nanos.get() + duration.toNanos();
        nanos.accumulateAndGet(wake, Math::max);
    }

    long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        long now = nanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(now, 1_000_000_000L), Math.floorMod(now, 1_000_000_000L));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a virtual clock stays in UTC");
    }
}
