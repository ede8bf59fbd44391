package dev.llmops.rag.index;

import java.time.Duration;
import java.util.Objects;

/**
 * What one committed ingest did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param documents documents added or replaced
 * @param chunks    chunks written
 * @param elapsed   wall time, embedding included
 */
public record IngestResult(int documents, int chunks, Duration elapsed) {
    public IngestResult {
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
