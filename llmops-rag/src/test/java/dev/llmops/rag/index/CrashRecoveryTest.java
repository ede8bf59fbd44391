package dev.llmops.rag.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashRecoveryTest {

    @Test
    void aProcessKilledMidIngestLeavesItsLastCommitAndNoPartialBatch(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashIngestMain.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int lastSeen = -1;
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    lastSeen = Integer.parseInt(line.substring("committed ".length()));
                    if (lastSeen == 3) {
                        break; // the child is now writing batch 4: kill it there
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited after kill -9").isTrue();
        }
        assertThat(lastSeen).as("the child committed batches before it was killed").isEqualTo(3);

        try (RagIndex index = RagIndex.builder(new HashEmbeddingModel()).directory(dir).build()) {
            int documents = index.documentCount();
            assertThat(documents % CrashIngestMain.BATCH).as("only whole batches are visible").isZero();
            int batches = documents / CrashIngestMain.BATCH;
            assertThat(batches).as("every batch reported committed survived").isGreaterThanOrEqualTo(4);
            for (int b = 0; b < batches; b++) {
                var hits = index.search("batch", SearchOptions.defaults().withMode(RetrievalMode.BM25)
                        .withTopK(CrashIngestMain.BATCH + 1).withFilter(Filter.eq("batch", String.valueOf(b))));
                assertThat(hits).as("batch " + b + " is complete").hasSize(CrashIngestMain.BATCH);
            }
            assertThat(index.contains("b" + batches + "-0")).as("no document of the batch being written").isFalse();
            index.upsert(dev.llmops.rag.Document.of("after", "the reopened index accepts writes"));
            assertThat(index.documentCount()).isEqualTo(documents + 1);
        }
    }
}
