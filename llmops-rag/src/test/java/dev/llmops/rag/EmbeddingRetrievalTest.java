package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.Embedding;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * End-to-end sanity of the local models on real data: SciFact claims must find the titles of the abstracts that
 * support or refute them among about 230 titles (bge-small gets 29 of 30 in its top 10). Wrong pooling, a missing normalisation or a broken tokenizer shows
 * here as a collapse of recall.
 */
class EmbeddingRetrievalTest {

    @Test
    void scifactClaimsFindTheirAbstractsAmongDistractors() {
        Path corpus = TestData.requireScifact();
        Map<String, Set<String>> queries = TestData.scifactTestQueries(corpus, 30);
        var relevantIds = new HashSet<String>();
        queries.values().forEach(relevantIds::addAll);
        List<Document> titles = TestData.scifactTitles(corpus, 200, relevantIds);
        assertThat(titles.size()).isGreaterThan(200);

        try (var model = OnnxEmbeddingModel.builder(LocalModel.BGE_SMALL_EN_V15).parallelism(2).build()) {
            List<Embedding> docs = model.embed(titles.stream().map(Document::text).toList()).embeddings();
            int found = 0;
            for (var q : queries.entrySet()) {
                Embedding query = model.embedQuery(q.getKey());
                List<String> top10 = IntStream.range(0, docs.size()).boxed()
                        .sorted(Comparator.comparingDouble(i -> -query.dot(docs.get(i))))
                        .limit(10).map(i -> titles.get(i).id()).toList();
                found += top10.stream().anyMatch(q.getValue()::contains) ? 1 : 0;
            }
            double recallAt10 = (double) found / queries.size();
            assertThat(recallAt10).as("recall@10 over %d claims", queries.size()).isGreaterThan(0.8);
        }
    }
}
