package dev.llmops.rag;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the shared test corpora ({@code shared/data} beside the repository), never copied into the repo. */
final class TestData {
    private TestData() {
    }

    /** {@code shared/data/scifact/corpus.jsonl.gz} in the nearest ancestor directory that has it. */
    static Optional<Path> scifactCorpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/scifact/corpus.jsonl.gz");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The SciFact corpus file; the calling test is skipped (not failed) when it is missing. */
    static Path requireScifact() {
        Path corpus = scifactCorpus().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(corpus != null,
                "shared/data/scifact/corpus.jsonl.gz not found beside the repository");
        return corpus;
    }

    /** The first {@code limit} SciFact abstracts as documents (title, blank line, text). */
    static List<Document> scifactDocuments(Path corpus, int limit) {
        return scifactDocuments(corpus, limit, java.util.Set.of());
    }

    /** The first {@code limit} SciFact abstracts plus those whose id is in {@code alsoIds}, title only. */
    static List<Document> scifactTitles(Path corpus, int limit, java.util.Set<String> alsoIds) {
        return scifactDocuments(corpus, limit, alsoIds).stream()
                .map(d -> Document.of(d.id(), d.text().substring(0, d.text().indexOf("\n\n")))).toList();
    }

    /** Test queries of SciFact with their relevant corpus ids, in qrels order, at most {@code limit}. */
    static java.util.Map<String, java.util.Set<String>> scifactTestQueries(Path corpus, int limit) {
        Path dir = corpus.getParent();
        var mapper = JsonMapper.builder().build();
        try {
            var texts = new java.util.HashMap<String, String>();
            for (String line : Files.readAllLines(dir.resolve("queries.jsonl"))) {
                JsonNode node = mapper.readTree(line);
                texts.put(node.path("_id").asString(), node.path("text").asString());
            }
            var relevant = new java.util.LinkedHashMap<String, java.util.Set<String>>();
            List<String> qrels = Files.readAllLines(dir.resolve("qrels/test.tsv"));
            for (String line : qrels.subList(1, qrels.size())) {
                String[] f = line.split("\t");
                if (relevant.size() < limit || relevant.containsKey(texts.get(f[0]))) {
                    relevant.computeIfAbsent(texts.get(f[0]), k -> new java.util.HashSet<>()).add(f[1]);
                }
            }
            return relevant;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Document> scifactDocuments(Path corpus, int limit, java.util.Set<String> alsoIds) {
        var mapper = JsonMapper.builder().build();
        var docs = new ArrayList<Document>();
        try (var reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(corpus)),
                StandardCharsets.UTF_8))) {
            String line;
            int read = 0;
            while ((read < limit || !alsoIds.isEmpty()) && (line = reader.readLine()) != null) {
                JsonNode node = mapper.readTree(line);
                if (read++ >= limit && !alsoIds.contains(node.path("_id").asString())) {
                    continue;
                }
                docs.add(Document.of(node.path("_id").asString(),
                        node.path("title").asString() + "\n\n" + node.path("text").asString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }
}
