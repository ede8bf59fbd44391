package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RagEvalCommandTest {

    private static Path tinyBeir(Path dir) throws Exception {
        return beir(dir, """
                {"_id":"d1","title":"Aspirin","text":"Aspirin reduces the risk of heart attack in adults.","metadata":{}}
                {"_id":"d2","title":"Vitamin D","text":"Vitamin D deficiency is linked to weak bones.","metadata":{}}
                {"_id":"d3","title":"Sleep","text":"Adults who sleep less than six hours show poorer memory.","metadata":{}}
                """, """
                {"_id":"q1","text":"aspirin lowers heart attack risk","metadata":{}}
                {"_id":"q2","text":"vitamin D and bone strength","metadata":{}}
                {"_id":"q9","text":"unjudged query","metadata":{}}
                """, "q1\td1\t1\nq2\td2\t1\n");
    }

    private static Path beir(Path dir, String corpus, String queries, String qrels) throws Exception {
        Files.writeString(dir.resolve("corpus.jsonl"), corpus);
        Files.writeString(dir.resolve("queries.jsonl"), queries);
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\n" + qrels);
        return dir;
    }

    @Test
    void readsCorpusQueriesAndOnlyTheJudgedQueriesOfTheSplit(@TempDir Path dir) throws Exception {
        BeirDataset data = BeirDataset.read(tinyBeir(dir), "test");
        assertThat(data.corpus()).extracting(BeirDataset.BeirDocument::title).containsExactly("Aspirin", "Vitamin D", "Sleep");
        assertThat(data.queries()).containsOnlyKeys("q1", "q2");
        assertThat(data.qrels().get("q1")).containsEntry("d1", 1);
    }

    @Test
    void printsOneLinePerModeWithTheMetrics(@TempDir Path dir) throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "rag", "eval", "--beir", tinyBeir(dir).toString(), "--mode", "all", "--threads", "1");
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString().lines().toList()).hasSize(3).allSatisfy(line -> assertThat(line).matches(
                "(bm25|dense|hybrid) ndcg@10=1\\.0000 recall@100=1\\.0000 mrr@10=1\\.0000 index_s=[0-9.]+ query_ms_p50=[0-9.]+"));
        assertThat(err.toString()).containsPattern("merged the index into one segment in [0-9.]+ s")
                .containsPattern("query embedding alone \\(bge-small-en-v1\\.5-q, uncached\\) p50=[0-9.]+ ms p99=[0-9.]+ ms over 2 queries");
    }

    @Test
    void modelChoosesTheLocalEmbeddingModel(@TempDir Path dir) throws Exception {
        var err = new StringWriter();
        String line = denseLine(tinyBeir(dir), err, "--model", "minilm");
        assertThat(err.toString()).contains("embedding with all-minilm-l6-v2-q, at most 256 tokens per document")
                .contains("query embedding alone (all-minilm-l6-v2-q, uncached)");
        assertThat(line).startsWith("dense ndcg@10=");
    }

    @Test
    void bm25AloneDoesNotEmbedQueries(@TempDir Path dir) throws Exception {
        var err = new StringWriter();
        int status = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "rag", "eval", "--beir", tinyBeir(dir).toString(), "--mode", "bm25", "--threads", "1");
        assertThat(status).as(err.toString()).isZero();
        assertThat(err.toString()).doesNotContain("query embedding");
    }

    @Test
    void maxTokensCutsWhatTheModelSeesOfEachDocument(@TempDir Path dir) throws Exception {
        // Every document opens with the same words: cut to them, the dense vectors cannot tell the documents apart.
        beir(dir, """
                {"_id":"d1","title":"","text":"A study found that aspirin reduces the risk of heart attack.","metadata":{}}
                {"_id":"d2","title":"","text":"A study found that vitamin D deficiency is linked to weak bones.","metadata":{}}
                {"_id":"d3","title":"","text":"A study found that adults who sleep less show poorer memory.","metadata":{}}
                """, """
                {"_id":"q1","text":"aspirin lowers heart attack risk","metadata":{}}
                {"_id":"q2","text":"vitamin D and bone strength","metadata":{}}
                {"_id":"q3","text":"short sleep harms memory","metadata":{}}
                """, "q1\td1\t1\nq2\td2\t1\nq3\td3\t1\n");

        assertThat(denseLine(dir)).startsWith("dense ndcg@10=1.0000");
        var err = new StringWriter();
        String cut = denseLine(dir, err, "--max-tokens", "5");
        assertThat(err.toString()).contains("at most 5 tokens per document");
        assertThat(cut).startsWith("dense ndcg@10=").doesNotStartWith("dense ndcg@10=1.0000");
    }

    @Test
    void maxTokensOverTheModelsPositionsIsAClearError(@TempDir Path dir) throws Exception {
        var err = new StringWriter();
        int status = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "rag", "eval", "--beir", tinyBeir(dir).toString(), "--max-tokens", "1000");
        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("--max-tokens must be between 3 and 512").contains("got 1000");
    }

    private static String denseLine(Path dir, String... extra) throws Exception {
        return denseLine(dir, new StringWriter(), extra);
    }

    private static String denseLine(Path dir, StringWriter err, String... extra) throws Exception {
        var out = new StringWriter();
        var args = new java.util.ArrayList<>(java.util.List.of("rag", "eval", "--beir", dir.toString(), "--mode", "dense",
                "--threads", "1"));
        args.addAll(java.util.List.of(extra));
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(status).as(err.toString()).isZero();
        return out.toString().strip();
    }

    @Test
    void aMissingQrelsFileIsAClearError(@TempDir Path dir) throws Exception {
        tinyBeir(dir);
        var err = new StringWriter();
        int status = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "rag", "eval", "--beir", dir.toString(), "--split", "dev");
        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("qrels").contains("dev.tsv");
    }
}
