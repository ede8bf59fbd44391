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
        Files.writeString(dir.resolve("corpus.jsonl"), """
                {"_id":"d1","title":"Aspirin","text":"Aspirin reduces the risk of heart attack in adults.","metadata":{}}
                {"_id":"d2","title":"Vitamin D","text":"Vitamin D deficiency is linked to weak bones.","metadata":{}}
                {"_id":"d3","title":"Sleep","text":"Adults who sleep less than six hours show poorer memory.","metadata":{}}
                """);
        Files.writeString(dir.resolve("queries.jsonl"), """
                {"_id":"q1","text":"aspirin lowers heart attack risk","metadata":{}}
                {"_id":"q2","text":"vitamin D and bone strength","metadata":{}}
                {"_id":"q9","text":"unjudged query","metadata":{}}
                """);
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n");
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
