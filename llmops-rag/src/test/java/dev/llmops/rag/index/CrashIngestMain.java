package dev.llmops.rag.index;

import dev.llmops.rag.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;

/**
 * Child process of {@link CrashRecoveryTest}: ingests batches of {@value #BATCH} documents into the index at
 * {@code args[0]} forever, printing {@code committed <batch>} after each commit, until it is killed.
 */
public final class CrashIngestMain {
    static final int BATCH = 200;

    private CrashIngestMain() {
    }

    public static void main(String[] args) {
        try (RagIndex index = RagIndex.builder(new HashEmbeddingModel()).directory(Path.of(args[0])).build()) {
            for (int batch = 0; ; batch++) {
                var docs = new ArrayList<Document>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    docs.add(new Document("b" + batch + "-" + i, ("batch " + batch + " document " + i + " ").repeat(20),
                            Map.of("batch", String.valueOf(batch))));
                }
                index.upsert(docs);
                System.out.println("committed " + batch);
                System.out.flush();
            }
        }
    }
}
