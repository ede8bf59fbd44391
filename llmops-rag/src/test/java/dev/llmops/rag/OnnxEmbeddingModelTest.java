package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEmbeddingModelTest {
    private static final String CAT = "a cat sits on the mat";
    private static final String KITTEN = "a kitten is sitting on a rug";
    private static final String STOCKS = "stock market crash";
    private static final List<String> TEXTS = List.of(CAT, KITTEN, STOCKS,
            "The mitochondria is the powerhouse of the cell.",
            "Café au lait, naïve résumé — 東京 ✓",
            "A much longer passage about retrieval augmented generation, which splits documents into chunks, embeds "
                    + "them, and finds the chunks nearest to a question before asking a language model to answer.");

    private static OnnxEmbeddingModel bge;
    private static OnnxEmbeddingModel miniLm;

    @BeforeAll
    static void load() {
        bge = OnnxEmbeddingModel.bgeSmallEnV15();
        miniLm = OnnxEmbeddingModel.allMiniLmL6V2();
    }

    @AfterAll
    static void close() {
        bge.close();
        miniLm.close();
    }

    @Test
    void vectorsHave384DimensionsAndUnitNorm() {
        for (OnnxEmbeddingModel model : List.of(bge, miniLm)) {
            assertThat(model.dimension()).isEqualTo(384);
            for (Embedding e : model.embed(TEXTS).embeddings()) {
                assertThat(e.dimension()).isEqualTo(384);
                assertThat(Math.sqrt(e.dot(e))).as(model.modelId()).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        for (OnnxEmbeddingModel model : List.of(bge, miniLm)) {
            List<Embedding> e = model.embed(List.of(CAT, KITTEN, STOCKS)).embeddings();
            assertThat(e.get(0).cosine(e.get(1))).as(model.modelId()).isGreaterThan(e.get(0).cosine(e.get(2)) + 0.1);
        }
    }

    @Test
    void bgePoolsClsAndMiniLmPoolsMean() {
        assertThat(bge.model().pooling()).isEqualTo(Pooling.CLS);
        assertThat(miniLm.model().pooling()).isEqualTo(Pooling.MEAN);
        // Same vocabulary and text, different networks and pooling: different vectors.
        assertThat(bge.embed(CAT)).isNotEqualTo(miniLm.embed(CAT));
    }

    @Test
    void aTextGetsBitIdenticalVectorsAcrossCallsAndBatchCompositions() {
        Embedding alone = bge.embed(CAT);
        Embedding again = bge.embed(CAT);
        List<Embedding> batch = bge.embed(TEXTS).embeddings();
        List<String> reversed = new ArrayList<>(TEXTS);
        java.util.Collections.reverse(reversed);
        List<Embedding> reversedBatch = bge.embed(reversed).embeddings();
        assertThat(again).isEqualTo(alone);
        assertThat(batch.get(0)).isEqualTo(alone);
        assertThat(reversedBatch.get(TEXTS.size() - 1)).isEqualTo(alone);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(reversedBatch.get(TEXTS.size() - 1 - i)).isEqualTo(batch.get(i));
        }
    }

    @Test
    void parallelCallersGetTheVectorsASingleCallerGets() throws Exception {
        List<Embedding> expected = miniLm.embed(TEXTS).embeddings();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            var calls = new ArrayList<Callable<List<Embedding>>>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> miniLm.embed(TEXTS).embeddings());
            }
            for (Future<List<Embedding>> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void internalParallelismDoesNotChangeVectorsOrOrder() {
        try (var parallel = OnnxEmbeddingModel.builder(LocalModel.ALL_MINILM_L6_V2).parallelism(2).intraOpThreads(1).build()) {
            assertThat(parallel.embed(TEXTS).embeddings()).isEqualTo(miniLm.embed(TEXTS).embeddings());
        }
    }

    @Test
    void vectorsDoNotDependOnTheIntraOpThreadCount() {
        // What makes a cache keyed by model id and text sound whatever the thread settings.
        try (var twoThreads = OnnxEmbeddingModel.builder(LocalModel.BGE_SMALL_EN_V15).intraOpThreads(2).build()) {
            assertThat(twoThreads.embed(TEXTS).embeddings()).isEqualTo(bge.embed(TEXTS).embeddings());
        }
    }

    @Test
    void usageCountsTheTokensFedToTheModel() {
        EmbeddingResponse response = bge.embed(List.of("hello world", "hello"));
        // [CLS] hello world [SEP] + [CLS] hello [SEP]
        assertThat(response.usage().inputTokens()).isEqualTo(7);
        assertThat(response.model()).isEqualTo("bge-small-en-v1.5-q");
    }

    @Test
    void queriesGetTheBgeInstructionPrefixAndDocumentsDoNot() {
        String query = "where does the cat sit?";
        Embedding asQuery = bge.embedQuery(query);
        assertThat(asQuery).isEqualTo(bge.embed(LocalModel.BGE_SMALL_EN_V15.queryPrefix() + query));
        assertThat(asQuery).isNotEqualTo(bge.embed(query));
        assertThat(miniLm.embedQuery(query)).isEqualTo(miniLm.embed(query));
    }

    @Test
    void aTextOverMaxTokensFailsNamingItsIndexByDefault() {
        String tooLong = "word ".repeat(600);
        assertThat(bge.maxTokens()).isEqualTo(512);
        assertThatThrownBy(() -> bge.embed(List.of("short", tooLong)))
                .isInstanceOfSatisfying(InputTooLongException.class, e -> {
                    assertThat(e.index()).isEqualTo(1);
                    assertThat(e.tokens()).isEqualTo(602);
                    assertThat(e.maxTokens()).isEqualTo(512);
                })
                .hasMessageContaining("Overflow.TRUNCATE").hasMessageContaining("Chunkers.recursive(510, 32)");
    }

    @Test
    void truncationIsReportedWhenAllowed() {
        try (var model = OnnxEmbeddingModel.builder(LocalModel.ALL_MINILM_L6_V2).maxTokens(128).overflow(Overflow.TRUNCATE).build()) {
            List<EmbeddingResult> results = model.embedDetailed(List.of("word ".repeat(200), "short text"));
            assertThat(results.get(0).truncated()).isTrue();
            assertThat(results.get(0).tokens()).isEqualTo(128);
            assertThat(results.get(1).truncated()).isFalse();
            assertThat(results.get(1).tokens()).isEqualTo(4);
            // The cut text embeds as its first 126 tokens do.
            assertThat(results.get(0).embedding()).isEqualTo(model.embed("word ".repeat(126)));
        }
    }

    @Test
    void aModelThatCutsTextsShorterThanItsOwnLengthSaysSoInItsId() {
        try (var cut = OnnxEmbeddingModel.builder(LocalModel.BGE_SMALL_EN_V15).maxTokens(128).overflow(Overflow.TRUNCATE).build();
                var nativeCut = OnnxEmbeddingModel.builder(LocalModel.BGE_SMALL_EN_V15).overflow(Overflow.TRUNCATE).build();
                var refusing = OnnxEmbeddingModel.builder(LocalModel.BGE_SMALL_EN_V15).maxTokens(128).build()) {
            assertThat(cut.modelId()).isEqualTo("bge-small-en-v1.5-q@128");
            assertThat(cut.embed(List.of("short")).model()).isEqualTo("bge-small-en-v1.5-q@128");
            // The same vectors as the plain model for every text they accept, so the same id.
            assertThat(nativeCut.modelId()).isEqualTo("bge-small-en-v1.5-q");
            assertThat(refusing.modelId()).isEqualTo("bge-small-en-v1.5-q");
        }
    }

    @Test
    void aSharedOnDiskCacheDoesNotHandAWholeTextsVectorToAModelThatCutsIt(@TempDir Path dir) {
        String longText = "retrieval augmented generation splits documents into chunks. ".repeat(30);
        try (var whole = OnnxEmbeddingModel.builder(LocalModel.BGE_SMALL_EN_V15).overflow(Overflow.TRUNCATE).build();
                var cut = OnnxEmbeddingModel.builder(LocalModel.BGE_SMALL_EN_V15).maxTokens(128).overflow(Overflow.TRUNCATE).build()) {
            Embedding wholeVector = CachingEmbeddingModel.onDisk(whole, 10, dir).embed(longText);
            Embedding cutVector = CachingEmbeddingModel.onDisk(cut, 10, dir).embed(longText);
            assertThat(cutVector).isEqualTo(cut.embed(longText)).isNotEqualTo(wholeVector);
        }
    }

    @Test
    void miniLmAcceptsUpTo256TokensNotLangChain4jsSilent128() {
        assertThat(miniLm.maxTokens()).isEqualTo(256);
        List<EmbeddingResult> r = miniLm.embedDetailed(List.of("word ".repeat(254)));
        assertThat(r.get(0).tokens()).isEqualTo(256);
        assertThat(r.get(0).truncated()).isFalse();
        assertThatThrownBy(() -> miniLm.embed("word ".repeat(255))).isInstanceOf(InputTooLongException.class);
    }

    @Test
    void emptyInputIsRefused() {
        assertThatThrownBy(() -> bge.embed(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> bge.embed(List.of("ok", ""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 1 is empty");
    }

    @Test
    void aClosedModelRefusesCalls() {
        var model = OnnxEmbeddingModel.allMiniLmL6V2();
        model.embed("warm up");
        model.close();
        assertThatThrownBy(() -> model.embed("after close")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        var parallel = OnnxEmbeddingModel.builder(LocalModel.ALL_MINILM_L6_V2).parallelism(2).build();
        parallel.close();
        assertThatThrownBy(() -> parallel.embed(List.of("a", "b"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aMissingModelResourceNamesTheDependencyToAdd() {
        var missing = new LocalModel("nope", "nope.onnx", "bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS, 384, 512, "");
        assertThatThrownBy(() -> OnnxEmbeddingModel.builder(missing).build()).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("nope.onnx").hasMessageContaining("Maven dependency");
    }
}
