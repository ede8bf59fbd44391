package dev.llmops.core.faults;

import dev.llmops.core.resilience.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for a fixed set of worker threads, in the manner of a discrete-event simulation: the clock
 * stands still while any worker is running, and moves to the earliest wake-up time only when every registered
 * worker is asleep on it. Real work (HTTP over loopback) therefore takes no virtual time, and minutes of
 * backoff, {@code Retry-After} and rate-limit waits pass in milliseconds, yet every sleeper wakes exactly when
 * it asked and never earlier.
 *
 * <p>Every worker is counted with {@link #register()} before any of them starts (the count, not the thread,
 * is what matters) and calls {@link #deregister()} after its last call; a thread that is not counted must not
 * sleep on it.
 *
 * <p>Thread-safe.
 */
final class VirtualTime extends Clock implements Sleeper {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition moved = lock.newCondition();
    private final PriorityQueue<Long> wakeUps = new PriorityQueue<>();
    private long nanos;
    private int workers;
    private int asleep;

    VirtualTime(Instant start) {
        this.nanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    }

    void register() {
        lock.lock();
        try {
            workers++;
        } finally {
            lock.unlock();
        }
    }

    void deregister() {
        lock.lock();
        try {
            workers--;
            advanceIfAllAsleep();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        lock.lock();
        try {
            long wake = nanos + duration.toNanos();
            wakeUps.add(wake);
            asleep++;
            advanceIfAllAsleep();
            while (nanos < wake) {
                moved.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** With every worker asleep, moves to the earliest wake-up and wakes those due (they count as awake at once). */
    private void advanceIfAllAsleep() {
        if (asleep == 0 || asleep < workers) {
            return;
        }
        nanos = Math.max(nanos, wakeUps.peek());
        while (!wakeUps.isEmpty() && wakeUps.peek() <= nanos) {
            wakeUps.poll();
            asleep--;
        }
        moved.signalAll();
    }

    @Override
    public Instant instant() {
        lock.lock();
        try {
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("virtual time stays in UTC");
    }
}
