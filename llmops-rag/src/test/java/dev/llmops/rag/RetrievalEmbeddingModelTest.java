package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingModel;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalEmbeddingModelTest {

    /** A provider-like model recording the texts it was sent. */
    private static final class Recording implements EmbeddingModel {
        final List<String> seen = new ArrayList<>();

        @Override
        public EmbeddingResponse embed(List<String> texts) {
            seen.addAll(texts);
            return new EmbeddingResponse(texts.stream().map(t -> new Embedding(new float[] {t.length()})).toList(),
                    Usage.ZERO, "provider");
        }

        @Override
        public int dimension() {
            return 1;
        }
    }

    @Test
    void theAdapterPrefixesQueriesOnlyAndNamesTheModel() {
        var provider = new Recording();
        RetrievalEmbeddingModel model = RetrievalEmbeddingModel.of(provider, "e5-small", "query: ");
        model.embed(List.of("passage one"));
        model.embedQuery("what is one?");
        assertThat(provider.seen).containsExactly("passage one", "query: what is one?");
        assertThat(model.modelId()).isEqualTo("e5-small");
        assertThat(model.dimension()).isEqualTo(1);
    }

    @Test
    void adaptingAModelThatKnowsQueriesKeepsItUnlessRenamedOrPrefixed() {
        var cached = CachingEmbeddingModel.inMemory(RetrievalEmbeddingModel.of(new Recording(), "m"), 10);
        assertThat(RetrievalEmbeddingModel.of(cached, "m")).isSameAs(cached);
        assertThat(RetrievalEmbeddingModel.of(cached, "renamed").modelId()).isEqualTo("renamed");
        assertThat(RetrievalEmbeddingModel.of(cached, "m", "q: ")).isNotSameAs(cached);
    }
}
