package dev.llmops.rag.index;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a long ingest stands, reported after each embedded batch.
 *
 * <p>Immutable and thread-safe.
 *
 * @param documentsDone  documents chunked and embedded so far
 * @param documentsTotal documents in this ingest
 * @param chunksDone     chunks embedded so far
 * @param elapsed        since the ingest started
 */
public record IngestProgress(int documentsDone, int documentsTotal, int chunksDone, Duration elapsed) {
    public IngestProgress {
        Objects.requireNonNull(elapsed, "elapsed");
        if (documentsDone < 0 || documentsDone > documentsTotal || chunksDone < 0) {
            throw new IllegalArgumentException("inconsistent progress: " + documentsDone + " of " + documentsTotal
                    + " documents, " + chunksDone + " chunks");
        }
    }

    /** Listens to ingest progress. Called on the ingesting thread; must not block. Thread-safe if shared. */
    @FunctionalInterface
    public interface Listener {
        /** A listener that ignores progress. */
        Listener NONE = p -> { };

        void onProgress(IngestProgress progress);
    }
}
