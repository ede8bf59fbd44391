package dev.llmops.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.StructuredOutputException;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.UserMessage;
import dev.llmops.core.cost.CostTracker;
import dev.llmops.core.testing.ScriptedChatModel;
import dev.llmops.rag.Document;
import dev.llmops.rag.RagException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryRewriterTest {
    private final HashEmbeddingModel embeddings = new HashEmbeddingModel();
    private final List<RagIndex> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(RagIndex::close);
    }

    private RagIndex index(List<Document> documents) {
        RagIndex index = RagIndex.builder(embeddings).build();
        opened.add(index);
        index.upsert(documents);
        return index;
    }

    private static List<String> docIds(List<SearchHit> hits) {
        return hits.stream().map(h -> h.chunk().documentId()).toList();
    }

    private static String userText(ChatRequest request) {
        return ((UserMessage) request.messages().get(1)).text();
    }

    /** A fixed rewriter, to test how the index searches variants without a chat model. */
    private record Fixed(List<QueryVariant> variants) implements QueryRewriter {
        @Override
        public List<QueryVariant> rewrite(String query, RetrievalMode mode) {
            return variants;
        }
    }

    // --- multi-query ---

    @Test
    void multiQueryReturnsTheQueryFirstThenTheModelsPhrasings() {
        var model = ScriptedChatModel.builder()
                .reply("{\"queries\":[\"rotate API keys\",\"change credentials periodically\"]}").build();

        List<QueryVariant> variants = QueryRewriter.multiQuery(model, 2).rewrite("key rotation", RetrievalMode.HYBRID);

        assertThat(variants).containsExactly(QueryVariant.of("key rotation"), QueryVariant.of("rotate API keys"),
                QueryVariant.of("change credentials periodically"));
    }

    @Test
    void multiQueryAsksForNPhrasingsAsStructuredOutputUnderItsPromptName() {
        var model = ScriptedChatModel.builder().reply("{\"queries\":[\"a\",\"b\",\"c\"]}").build();

        QueryRewriter.multiQuery(model, 3).rewrite("key rotation", RetrievalMode.HYBRID);

        ChatRequest sent = model.lastRequest().orElseThrow();
        assertThat(((SystemMessage) sent.messages().get(0)).text()).isEqualTo(MultiQueryRewriter.DEFAULT_INSTRUCTIONS);
        assertThat(userText(sent)).isEqualTo("Write 3 alternative queries for this query:\nkey rotation");
        assertThat(sent.options().responseFormat()).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class,
                f -> assertThat(f.schema()).contains("\"queries\""));
        assertThat(sent.options().metadata()).containsEntry(ChatOptions.PROMPT_NAME, MultiQueryRewriter.PROMPT_NAME);
        assertThat(sent.options().temperature()).isEqualTo(0.0);
    }

    @Test
    void multiQueryDropsRepeatsAndBlanksAndKeepsAtMostN() {
        var model = ScriptedChatModel.builder()
                .reply("{\"queries\":[\"Key Rotation \",\" rotate keys\",\"ROTATE KEYS\",\"renew secrets\",\"more\"]}")
                .build();

        List<QueryVariant> variants = QueryRewriter.multiQuery(model, 2).rewrite("key rotation", RetrievalMode.BM25);

        assertThat(variants).extracting(QueryVariant::text)
                .containsExactly("key rotation", "rotate keys", "renew secrets");
    }

    @Test
    void multiQueryUsesFewerPhrasingsWhenTheModelWritesFewer() {
        var model = ScriptedChatModel.builder().reply("{\"queries\":[\"rotate keys\"]}").build();

        assertThat(QueryRewriter.multiQuery(model, 4).rewrite("key rotation", RetrievalMode.HYBRID))
                .extracting(QueryVariant::text).containsExactly("key rotation", "rotate keys");
    }

    @Test
    void multiQueryFailsWhenTheAnswerIsStillNotAListAfterTheCorrection() {
        var model = ScriptedChatModel.builder().reply("rotate keys").reply("{\"queries\":[]}").build();

        assertThatThrownBy(() -> QueryRewriter.multiQuery(model, 2).rewrite("key rotation", RetrievalMode.HYBRID))
                .isInstanceOf(StructuredOutputException.class);
        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void multiQueryInstructionsAndOptionsCanBeReplaced() {
        var model = ScriptedChatModel.builder().reply("{\"queries\":[\"x\"]}").build();

        MultiQueryRewriter rewriter = QueryRewriter.multiQuery(model, 1).withInstructions("Paraphrase.")
                .withOptions(ChatOptions.of("small-model"));
        rewriter.rewrite("q", RetrievalMode.HYBRID);

        ChatRequest sent = model.lastRequest().orElseThrow();
        assertThat(((SystemMessage) sent.messages().get(0)).text()).isEqualTo("Paraphrase.");
        assertThat(userText(sent)).startsWith("Write 1 alternative query for");
        assertThat(sent.options().model()).isEqualTo("small-model");
        assertThat(rewriter.n()).isEqualTo(1);
        assertThat(rewriter.instructions()).isEqualTo("Paraphrase.");
    }

    @Test
    void multiQueryRefusesAnUnreasonableN() {
        var model = ScriptedChatModel.builder().build();
        assertThatThrownBy(() -> QueryRewriter.multiQuery(model, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> QueryRewriter.multiQuery(model, 21)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMultiQuerySearchFindsADocumentOnlyAPhrasingMatches() {
        RagIndex index = index(List.of(
                Document.of("rotation", "Credentials should be renewed every ninety days."),
                Document.of("other", "Keys open doors in the office.")));
        var model = ScriptedChatModel.builder().reply("{\"queries\":[\"renew credentials\"]}").build();
        SearchOptions bm25 = SearchOptions.defaults().withMode(RetrievalMode.BM25);

        assertThat(docIds(index.search("rotate keys", bm25))).containsExactly("other");
        List<SearchHit> hits = index.search("rotate keys", bm25, QueryRewriter.multiQuery(model, 1), null);

        assertThat(docIds(hits)).containsExactlyInAnyOrder("other", "rotation");
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void variantsAreFusedByReciprocalRankSoADocumentSeveralVariantsFindRisesToTheTop() {
        RagIndex index = index(List.of(
                Document.of("a", "apples"),
                Document.of("b", "bananas"),
                Document.of("both", "apples and bananas and cherries and dates")));
        SearchOptions bm25 = SearchOptions.defaults().withMode(RetrievalMode.BM25);
        // alone, each variant ranks its own single-word document first and 'both' second
        assertThat(docIds(index.search("apples", bm25))).containsExactly("a", "both");
        assertThat(docIds(index.search("bananas", bm25))).containsExactly("b", "both");

        var fixed = new Fixed(List.of(QueryVariant.of("apples"), QueryVariant.of("bananas")));
        List<SearchHit> hits = index.search("fruit", bm25, fixed, null);

        // both: 1/62 + 1/62 beats a and b at 1/61 each
        assertThat(docIds(hits)).containsExactly("both", "a", "b");
        assertThat(hits.get(0).score()).isEqualTo(2.0 / 62, within(1e-6));
    }

    @Test
    void theRerankerSeesTheOriginalQueryAndTopKCutsTheFusedList() {
        RagIndex index = index(List.of(Document.of("a", "apples"), Document.of("b", "bananas"),
                Document.of("c", "cherries")));
        var fixed = new Fixed(List.of(QueryVariant.of("apples"), QueryVariant.of("bananas"),
                QueryVariant.of("cherries")));
        var seen = new ArrayList<String>();
        Reranker recording = (q, hits) -> {
            seen.add(q);
            return hits;
        };

        List<SearchHit> hits = index.search("fruit", SearchOptions.defaults().withMode(RetrievalMode.BM25).withTopK(2),
                fixed, recording);

        assertThat(seen).containsExactly("fruit");
        assertThat(hits).hasSize(2);
    }

    @Test
    void aRewriterThatReturnsNothingIsAClearError() {
        RagIndex index = index(List.of(Document.of("a", "apples")));

        assertThatThrownBy(() -> index.search("fruit", SearchOptions.defaults(), new Fixed(List.of()), null))
                .isInstanceOf(RagException.class).hasMessageContaining("returned no query variant for 'fruit'");
    }

    // --- HyDE ---

    @Test
    void hydeAsksForAPassageAndKeepsTheQueryForBm25() {
        var model = ScriptedChatModel.builder().reply("  Owls hunt at night using keen hearing.\n").build();

        List<QueryVariant> variants = QueryRewriter.hyde(model).rewrite("how do owls find prey?", RetrievalMode.HYBRID);

        assertThat(variants).containsExactly(
                QueryVariant.withPassage("how do owls find prey?", "Owls hunt at night using keen hearing."));
        ChatRequest sent = model.lastRequest().orElseThrow();
        assertThat(((SystemMessage) sent.messages().get(0)).text()).isEqualTo(HydeRewriter.DEFAULT_INSTRUCTIONS);
        assertThat(userText(sent)).isEqualTo("how do owls find prey?");
        assertThat(sent.options().metadata()).containsEntry(ChatOptions.PROMPT_NAME, HydeRewriter.PROMPT_NAME);
        assertThat(sent.options().responseFormat()).isNull();
    }

    @Test
    void hydeMakesNoCallForABm25Search() {
        var model = ScriptedChatModel.builder().build();

        assertThat(QueryRewriter.hyde(model).rewrite("owls", RetrievalMode.BM25))
                .containsExactly(QueryVariant.of("owls"));
        assertThat(model.callCount()).isZero();
    }

    @Test
    void anEmptyHypotheticalPassageIsAnError() {
        var model = ScriptedChatModel.builder().reply("   ").build();

        assertThatThrownBy(() -> QueryRewriter.hyde(model).rewrite("owls", RetrievalMode.DENSE))
                .isInstanceOf(RagException.class).hasMessageContaining("empty hypothetical passage for 'owls'");
    }

    @Test
    void aHydeSearchEmbedsThePassageForTheDenseSide() {
        RagIndex index = index(List.of(
                Document.of("owls", "Nocturnal raptors locate rodents by sound."),
                Document.of("cats", "Cats sleep most of the day.")));
        var model = ScriptedChatModel.builder().reply("Nocturnal raptors locate rodents by sound in the dark.").build();
        SearchOptions dense = SearchOptions.defaults().withMode(RetrievalMode.DENSE).withTopK(1);

        // the question shares no word with either document; the hypothetical passage shares most with 'owls'
        List<SearchHit> hits = index.search("how do owls find their prey?", dense, QueryRewriter.hyde(model), null);

        assertThat(docIds(hits)).containsExactly("owls");
        assertThat(hits.get(0).score()).isGreaterThan(0.9);
    }

    @Test
    void aHydeSearchInHybridModeMatchesTheOriginalQueryUnderBm25AndThePassageUnderKnn() {
        RagIndex index = index(List.of(
                Document.of("lexical", "zebra"),
                Document.of("semantic", "striped horses of the savanna")));
        var model = ScriptedChatModel.builder().reply("striped horses of the savanna").build();

        List<SearchHit> hits = index.search("zebra", SearchOptions.defaults(), QueryRewriter.hyde(model), null);

        // BM25 of "zebra" ranks only 'lexical'; kNN of the passage ranks 'semantic' first, 'lexical' second.
        // (kNN of "zebra" itself would rank 'lexical' first: 2/61 and 1/62 instead.)
        assertThat(docIds(hits)).containsExactly("lexical", "semantic");
        assertThat(hits.get(0).score()).isEqualTo(1.0 / 61 + 1.0 / 62, within(1e-6));
        assertThat(hits.get(1).score()).isEqualTo(1.0 / 61, within(1e-6));
    }

    @Test
    void theHypotheticalPassageIsEmbeddedAsADocumentAndTheQueryIsNotEmbedded() {
        var asQuery = new ArrayList<String>();
        var asDocument = new ArrayList<String>();
        var recording = new HashEmbeddingModel() {
            @Override
            public dev.llmops.core.Embedding embedQuery(String query) {
                asQuery.add(query);
                return super.embedQuery(query);
            }

            @Override
            public dev.llmops.core.EmbeddingResponse embed(List<String> texts) {
                asDocument.addAll(texts);
                return super.embed(texts);
            }
        };
        RagIndex index = RagIndex.builder(recording).build();
        opened.add(index);
        index.upsert(Document.of("owls", "Owls hunt at night."));
        asDocument.clear();
        var model = ScriptedChatModel.builder().reply("Owls hunt rodents at night.").build();

        index.search("owls?", SearchOptions.defaults(), QueryRewriter.hyde(model), null);

        assertThat(asDocument).containsExactly("Owls hunt rodents at night.");
        assertThat(asQuery).isEmpty();
    }

    @Test
    void rewriterCallsAreCountedUnderTheirPromptNames() {
        RagIndex index = index(List.of(Document.of("a", "apples")));
        var scripted = ScriptedChatModel.builder().reply("{\"queries\":[\"pomme\"]}").reply("Apples are fruit.")
                .build();
        CostTracker costs = CostTracker.create();
        var model = ChatPipeline.builder(scripted).interceptor(costs).build();

        index.search("apple", SearchOptions.defaults(), QueryRewriter.multiQuery(model, 1), null);
        index.search("apple", SearchOptions.defaults(), QueryRewriter.hyde(model), null);

        assertThat(costs.snapshot().prompt(MultiQueryRewriter.PROMPT_NAME, null).calls()).isEqualTo(1);
        assertThat(costs.snapshot().prompt(HydeRewriter.PROMPT_NAME, null).calls()).isEqualTo(1);
    }

    @Test
    void queryVariantsAreChecked() {
        assertThatThrownBy(() -> QueryVariant.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryVariant.withPassage("q", "  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only whitespace");
        assertThat(QueryVariant.of("q").passage()).isEmpty();
        assertThat(new QueryVariant("q", "p")).isEqualTo(QueryVariant.withPassage("q", "p"));
    }
}
