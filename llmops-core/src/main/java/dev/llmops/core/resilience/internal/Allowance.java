package dev.llmops.core.resilience.internal;

/**
 * A per-minute allowance of requests or tokens that callers reserve from in order: a continuously refilling
 * {@link TokenBucket} or a strict {@link SlidingWindow}. Times are microseconds on the owner's time line.
 *
 * <p>Not thread-safe: the owner guards every call with one lock.
 */
public interface Allowance {
    /** The most the allowance grants in one minute. */
    long capacity();

    /** Microseconds from {@code now} until {@code count} can be granted after every earlier reservation. */
    long microsUntil(long count, long now);

    /** Reserves {@code count}, granted at {@code grantedAt} (now plus the wait {@link #microsUntil} gave). */
    void take(long count, long now, long grantedAt);

    /** Gives back {@code count} that a reservation did not use. */
    void give(long count, long now);
}
