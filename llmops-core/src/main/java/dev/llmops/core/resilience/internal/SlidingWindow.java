package dev.llmops.core.resilience.internal;

import java.util.ArrayDeque;

/**
 * A strict sliding window: within any 60 seconds, at most {@code capacity} is granted, counted by the time of
 * each grant. Unlike a {@link TokenBucket} it never allows a burst on top of a refill, so no 60-second window
 * ever holds more than the limit (a bucket holding a minute's budget can grant up to twice its capacity
 * within one window: a full burst, then a minute's refill).
 *
 * <p>It is conservative about returns: tokens a call did not use are not given back, since a grant already in
 * the past cannot be un-sent; a grant that was never used (a caller interrupted while waiting) is not
 * reclaimed either. Both only make later callers wait a little longer than strictly necessary.
 *
 * <p>Not thread-safe: the owner guards every call with one lock.
 */
public final class SlidingWindow implements Allowance {
    private static final long WINDOW_MICROS = 60_000_000L;

    private final long capacity;
    /** Grants in time order: {time, count}. Times never decrease, because grants are made in order. */
    private final ArrayDeque<long[]> grants = new ArrayDeque<>();
    private long granted;
    private long lastGrant = Long.MIN_VALUE;

    public SlidingWindow(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not positive");
        }
        this.capacity = capacity;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long microsUntil(long count, long now) {
        forgetBefore(now);
        long earliest = Math.max(now, lastGrant);
        long inWindow = granted;
        if (inWindow + count <= capacity) {
            return earliest - now;
        }
        for (long[] grant : grants) {
            inWindow -= grant[1];
            if (inWindow + count <= capacity) {
                return Math.max(earliest, grant[0] + WINDOW_MICROS) - now;
            }
        }
        throw new IllegalArgumentException("count " + count + " exceeds the capacity " + capacity);
    }

    @Override
    public void take(long count, long now, long grantedAt) {
        forgetBefore(now);
        if (count <= 0) {
            return;
        }
        long at = Math.max(grantedAt, lastGrant);
        grants.addLast(new long[] {at, count});
        granted += count;
        lastGrant = at;
    }

    @Override
    public void give(long count, long now) {
        forgetBefore(now);
    }

    /** Drops grants that no window ending at or after {@code now} contains. */
    private void forgetBefore(long now) {
        while (!grants.isEmpty() && grants.peekFirst()[0] <= now - WINDOW_MICROS) {
            granted -= grants.removeFirst()[1];
        }
    }
}
