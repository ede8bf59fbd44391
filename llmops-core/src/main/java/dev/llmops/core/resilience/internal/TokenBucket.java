package dev.llmops.core.resilience.internal;

/**
 * A token bucket holding up to {@code capacity} tokens and refilling continuously at {@code capacity} tokens
 * per minute. Takes are reservations: the level may go below zero, and the debt is what later takers wait
 * for, so waiters are served strictly in the order they reserved.
 *
 * <p>The level is kept exactly, in units of a token times the microseconds of a minute, so a refill of
 * {@code capacity} units per microsecond needs no rounding and waits come out exact (10 per minute: 6 s).
 *
 * <p>Not thread-safe: the owner guards every call with one lock.
 */
public final class TokenBucket implements Allowance {
    /** Capacities above this could overflow the exact arithmetic. */
    public static final long MAX_CAPACITY = 1_000_000_000L;

    private static final long MICROS_PER_MINUTE = 60_000_000L;

    private final long capacity;
    private final long fullLevel;
    private long level;
    private long updatedAt;

    /** A full bucket at time {@code now} (microseconds on the owner's time line). */
    public TokenBucket(long capacity, long now) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " is outside [1, " + MAX_CAPACITY + "]");
        }
        this.capacity = capacity;
        this.fullLevel = capacity * MICROS_PER_MINUTE;
        this.level = fullLevel;
        this.updatedAt = now;
    }

    /** The most tokens the bucket holds. */
    @Override
    public long capacity() {
        return capacity;
    }

    /** Microseconds from {@code now} until {@code tokens} are available; 0 when they are now. */
    @Override
    public long microsUntil(long tokens, long now) {
        refill(now);
        long missing = saturatedSubtract(units(tokens), level);
        return missing <= 0 ? 0 : (missing + capacity - 1) / capacity;
    }

    /** Reserves {@code tokens} now, possibly leaving the bucket in debt that later takers wait for. */
    @Override
    public void take(long tokens, long now, long grantedAt) {
        take(tokens, now);
    }

    /** Reserves {@code tokens}, possibly leaving the bucket in debt. */
    public void take(long tokens, long now) {
        refill(now);
        level = saturatedSubtract(level, units(tokens));
    }

    /** Returns {@code tokens}, never beyond a full bucket. */
    @Override
    public void give(long tokens, long now) {
        refill(now);
        level = Math.min(fullLevel, saturatedSubtract(level, -units(tokens)));
    }

    /** Tokens in exact units, saturating instead of overflowing for absurd counts. */
    private static long units(long tokens) {
        try {
            return Math.multiplyExact(tokens, MICROS_PER_MINUTE);
        } catch (ArithmeticException e) {
            return tokens > 0 ? Long.MAX_VALUE / 4 : Long.MIN_VALUE / 4;
        }
    }

    private static long saturatedSubtract(long a, long b) {
        try {
            return Math.subtractExact(a, b);
        } catch (ArithmeticException e) {
            return b > 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed <= 0) {
            return;
        }
        updatedAt = now;
        long room = fullLevel - level;
        // refill per microsecond is `capacity` units; compare before multiplying to stay inside a long
        level = elapsed >= (room + capacity - 1) / capacity ? fullLevel : level + elapsed * capacity;
    }
}
