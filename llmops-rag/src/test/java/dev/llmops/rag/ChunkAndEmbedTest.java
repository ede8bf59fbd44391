package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.EmbeddingResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunks sized with a model's own tokenizer fit that model exactly, and re-indexing them costs nothing. */
class ChunkAndEmbedTest {

    @Test
    void chunksSizedByTheModelsTokenizerEmbedWithoutTruncationAndReindexFromTheCache() {
        Path corpus = TestData.requireScifact();
        try (var model = OnnxEmbeddingModel.builder(LocalModel.ALL_MINILM_L6_V2).maxTokens(128).build()) {
            Chunker chunker = Chunkers.recursive(model.tokenizer(), model.maxTokens() - 2, 16);
            var texts = new ArrayList<String>();
            for (Document doc : TestData.scifactDocuments(corpus, 8)) {
                chunker.chunk(doc).forEach(c -> texts.add(c.text()));
            }
            // Overflow.FAIL: any chunk the model saw as longer than 128 tokens would throw here.
            List<EmbeddingResult> results = model.embedDetailed(texts);
            assertThat(results).allSatisfy(r -> assertThat(r.tokens()).isLessThanOrEqualTo(128));
            assertThat(results).anySatisfy(r -> assertThat(r.tokens()).isGreaterThan(110));

            var cache = CachingEmbeddingModel.inMemory(model, 10_000);
            EmbeddingResponse first = cache.embed(texts);
            EmbeddingResponse again = cache.embed(texts);
            assertThat(again.embeddings()).isEqualTo(first.embeddings());
            assertThat(again.usage().inputTokens()).isZero();
            assertThat(cache.stats().hits()).isEqualTo(texts.size());
        }
    }
}
