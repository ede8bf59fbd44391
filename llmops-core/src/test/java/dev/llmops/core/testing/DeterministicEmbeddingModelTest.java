package dev.llmops.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import dev.llmops.core.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeterministicEmbeddingModelTest {
    private final DeterministicEmbeddingModel model = DeterministicEmbeddingModel.of(256);

    @Test
    void givesTheSameVectorForTheSameTextEveryTime() {
        Embedding first = model.embed("Cats sleep most of the day.");

        assertThat(DeterministicEmbeddingModel.of(256).embed("Cats sleep most of the day.")).isEqualTo(first);
        assertThat(model.embed("Cats sleep most of the day.")).isEqualTo(first);
    }

    @Test
    void keepsItsVectorsStableAcrossReleases() {
        // Pinned: a change here changes every user's test expectations. With 8 dimensions, "alpha" hashes to
        // 0x774ce336ac9131e8 (index 4, sign +) and "beta" to 0xf000c71a23008594 (index 2, sign +).
        float half = (float) (1 / Math.sqrt(2));

        assertThat(DeterministicEmbeddingModel.hash("alpha")).isEqualTo(0x774ce336ac9131e8L);
        assertThat(DeterministicEmbeddingModel.of(8).embed("Alpha, beta.").vector())
                .containsExactly(0f, 0f, half, 0f, half, 0f, 0f, 0f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"one", "The quick brown fox jumps over the lazy dog", "ümlaut straße 東京 42", "!!!", "   "})
    void producesUnitLengthVectors(String text) {
        Embedding embedding = model.embed(text);

        assertThat(Math.sqrt(embedding.dot(embedding))).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void producesVectorsOfTheConfiguredDimension() {
        assertThat(DeterministicEmbeddingModel.of(17).embed("x").dimension()).isEqualTo(17);
        assertThat(DeterministicEmbeddingModel.of(17).dimension()).isEqualTo(17);
        assertThat(DeterministicEmbeddingModel.create().dimension()).isEqualTo(DeterministicEmbeddingModel.DEFAULT_DIMENSION);
    }

    @Test
    void ignoresCaseAndPunctuation() {
        assertThat(model.embed("Hello, World!")).isEqualTo(model.embed("hello world"));
    }

    @Test
    void sharedWordsRaiseCosineSimilarity() {
        Embedding question = model.embed("what do cats eat");

        double related = question.cosine(model.embed("cats eat fish every day"));
        double unrelated = question.cosine(model.embed("the stock market fell sharply"));

        assertThat(related).isGreaterThan(unrelated).isGreaterThan(0.3);
    }

    @Test
    void moreSharedWordsMeanHigherSimilarity() {
        Embedding base = model.embed("red apples grow on tall trees");

        double oneShared = base.cosine(model.embed("red cars drive fast"));
        double threeShared = base.cosine(model.embed("red apples grow in gardens"));

        assertThat(threeShared).isGreaterThan(oneShared);
    }

    @Test
    void embedsABatchInInputOrderAndCountsWordsAsTokens() {
        EmbeddingResponse response = model.embed(List.of("one two", "three"));

        assertThat(response.embeddings()).containsExactly(model.embed("one two"), model.embed("three"));
        assertThat(response.usage()).isEqualTo(Usage.of(3, 0));
        assertThat(response.model()).isEqualTo("deterministic-hashing-256");
    }

    @Test
    void rejectsAnEmptyBatch() {
        assertThatThrownBy(() -> model.embed(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one text");
    }

    @Test
    void rejectsAnEmptyTextNamingItsIndex() {
        assertThatThrownBy(() -> model.embed(List.of("fine", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 1 is empty");
    }

    @Test
    void rejectsANonPositiveDimension() {
        assertThatThrownBy(() -> DeterministicEmbeddingModel.of(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 0 is not positive");
    }
}
