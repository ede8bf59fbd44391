package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rag eval} stopped by a TERM signal mid-ingest, in a child JVM: nothing is left behind. */
class RagEvalInterruptTest {
    private static final String[] WORDS = {"protein", "cell", "patients", "dose", "trial", "gene", "expression",
        "risk", "cohort", "receptor", "signal", "tumour", "immune", "response", "model", "mice", "therapy", "levels",
        "increase", "reduced", "associated", "significant", "clinical", "study", "analysis", "pathway"};

    @Test
    void aRunStoppedWhileEmbeddingRemovesItsTemporaryIndex(@TempDir Path dir) throws Exception {
        Path beir = writeCorpusThatTakesMinutesToEmbed(Files.createDirectories(dir.resolve("beir")));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path work = Files.createDirectories(dir.resolve("work"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path stderr = dir.resolve("stderr.txt");
        Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "rag", "eval", "--beir", beir.toString(), "--mode", "dense", "--threads", "1")
                .directory(work.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(stderr).contains("llmops: embedding with")) {
                assertThat(child.isAlive()).as("child ended early: %s", Files.readString(stderr)).isTrue();
                assertThat(System.nanoTime()).as("no start line within 60 s: %s", Files.readString(stderr)).isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(indexFolders(tmp)).as("the run's temporary index").hasSize(1);
            Thread.sleep(500); // well inside the first batch: 400 documents on one thread take over a minute

            child.destroy(); // TERM, as Ctrl-C or a container stop sends
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child exits after TERM").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.readString(stderr)).contains("llmops: interrupted; removed the temporary index");
        assertThat(indexFolders(tmp)).as("temporary index folders left in java.io.tmpdir").isEmpty();
        try (Stream<Path> crashLogs = Files.list(work)) {
            assertThat(crashLogs.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("hs_err"));
        }
    }

    private static List<Path> indexFolders(Path tmp) throws Exception {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("llmops-beir-index")).toList();
        }
    }

    /** 400 abstracts of about 250 words: some 130,000 tokens, over a minute of embedding on one thread. */
    private static Path writeCorpusThatTakesMinutesToEmbed(Path dir) throws Exception {
        var random = new Random(42);
        var corpus = new StringBuilder();
        for (int d = 0; d < 400; d++) {
            var text = new StringBuilder();
            for (int w = 0; w < 250; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(w % 15 == 14 ? ". " : " ");
            }
            corpus.append("{\"_id\":\"d").append(d).append("\",\"title\":\"Study ").append(d).append("\",\"text\":\"")
                    .append(text.toString().strip()).append("\"}\n");
        }
        Files.writeString(dir.resolve("corpus.jsonl"), corpus);
        Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"immune response in mice\"}\n");
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
        return dir;
    }
}
