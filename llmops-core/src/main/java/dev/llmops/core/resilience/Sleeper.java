package dev.llmops.core.resilience;

import java.time.Duration;

/**
 * Waits on behalf of a resilience interceptor: {@link Thread#sleep(Duration)} in production, a recorder that
 * advances a fake clock in tests, so a test of backoff or rate limiting never really sleeps and can assert the
 * exact waits.
 *
 * <pre>{@code
 * List<Duration> waits = new ArrayList<>();
 * Retry retry = Retry.builder().sleeper(waits::add).build();
 * }</pre>
 *
 * <p>Implementations are thread-safe: concurrent calls wait concurrently.
 */
@FunctionalInterface
public interface Sleeper {

    /** Blocks for {@code duration}, or pretends to. Throws when the waiting thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps with {@link Thread#sleep(Duration)}; cheap on virtual threads. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
