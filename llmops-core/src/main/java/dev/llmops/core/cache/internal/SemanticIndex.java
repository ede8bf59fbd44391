package dev.llmops.core.cache.internal;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.Embedding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Cached responses found by meaning: each entry holds the context key of its request (see
 * {@link CacheKeys#context}), the embedding of its last user message and the response. A lookup scans the
 * entries of the same context for the most similar embedding (cosine) at or above the threshold. Bounded:
 * past the maximum size the oldest entry is dropped; entries older than the time to live are skipped and
 * dropped.
 *
 * <p>Thread-safe.
 */
public final class SemanticIndex {
    private final double threshold;
    private final int maximumSize;
    private final Duration ttl;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    public SemanticIndex(double threshold, int maximumSize, Duration ttl, Clock clock) {
        this.threshold = threshold;
        this.maximumSize = maximumSize;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The response of the most similar entry of {@code context}, if one is at least as similar as the threshold. */
    public Optional<ChatResponse> find(String context, Embedding embedding) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Entry best = null;
            double bestSimilarity = Double.NEGATIVE_INFINITY;
            for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (!now.isBefore(entry.storedAt.plus(ttl))) {
                    it.remove();
                    continue;
                }
                if (!entry.context.equals(context) || entry.embedding.dimension() != embedding.dimension()) {
                    continue;
                }
                double similarity = entry.embedding.cosine(embedding);
                if (similarity >= threshold && similarity > bestSimilarity) {
                    best = entry;
                    bestSimilarity = similarity;
                }
            }
            return best == null ? Optional.empty() : Optional.of(best.response);
        } finally {
            lock.unlock();
        }
    }

    /** Adds an entry, dropping the oldest one when the index is full. */
    public void add(String context, Embedding embedding, ChatResponse response) {
        Entry entry = new Entry(context, embedding, response, clock.instant());
        lock.lock();
        try {
            entries.addLast(entry);
            while (entries.size() > maximumSize) {
                entries.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many entries the index holds. */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    private record Entry(String context, Embedding embedding, ChatResponse response, Instant storedAt) {
    }
}
