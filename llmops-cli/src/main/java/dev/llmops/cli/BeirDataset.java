package dev.llmops.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data set in BEIR's format: {@code corpus.jsonl} (or {@code .jsonl.gz}) with {@code _id}, {@code title},
 * {@code text}; {@code queries.jsonl} with {@code _id}, {@code text}; {@code qrels/<split>.tsv} with a header and
 * {@code query-id, corpus-id, score}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param corpus  documents in file order
 * @param queries query text by id, only the judged queries of the split, in qrels order
 * @param qrels   graded judgments by query id, then document id
 */
record BeirDataset(List<BeirDocument> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {

    /** One corpus entry. */
    record BeirDocument(String id, String title, String text) {
    }

    BeirDataset {
        corpus = List.copyOf(corpus);
        queries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queries));
        qrels = Map.copyOf(qrels);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Reads the data set in {@code dir} for {@code split}.
     *
     * @throws IllegalArgumentException naming the missing or malformed file
     */
    static BeirDataset read(Path dir, String split) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("BEIR directory " + dir.toAbsolutePath() + " does not exist; pass the folder"
                    + " holding corpus.jsonl[.gz], queries.jsonl and qrels/");
        }
        Path qrelsFile = dir.resolve("qrels").resolve(split + ".tsv");
        Map<String, Map<String, Integer>> qrels = readQrels(qrelsFile);
        var corpus = new ArrayList<BeirDocument>();
        try (BufferedReader in = open(dir, "corpus.jsonl")) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(line, "corpus.jsonl", n);
                corpus.add(new BeirDocument(field(node, "_id", "corpus.jsonl", n), optional(node, "title"),
                        optional(node, "text")));
            }
        }
        var allQueries = new HashMap<String, String>();
        try (BufferedReader in = open(dir, "queries.jsonl")) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    JsonNode node = parse(line, "queries.jsonl", n);
                    allQueries.put(field(node, "_id", "queries.jsonl", n), field(node, "text", "queries.jsonl", n));
                }
            }
        }
        var queries = new LinkedHashMap<String, String>();
        for (String id : qrels.keySet()) {
            String text = allQueries.get(id);
            if (text == null) {
                throw new IllegalArgumentException(qrelsFile + " judges query '" + id + "' that queries.jsonl lacks");
            }
            queries.put(id, text);
        }
        return new BeirDataset(corpus, queries, qrels);
    }

    private static Map<String, Map<String, Integer>> readQrels(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("qrels file " + file.toAbsolutePath() + " is missing; BEIR keeps judgments"
                    + " in qrels/<split>.tsv");
        }
        var qrels = new LinkedHashMap<String, Map<String, Integer>>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("query-id"))) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length != 3) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " has " + cols.length
                        + " columns; expected query-id, corpus-id, score");
            }
            qrels.computeIfAbsent(cols[0], q -> new HashMap<>()).put(cols[1], Integer.parseInt(cols[2].strip()));
        }
        return qrels;
    }

    private static BufferedReader open(Path dir, String name) throws IOException {
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        InputStream in;
        if (Files.isRegularFile(plain)) {
            in = Files.newInputStream(plain);
        } else if (Files.isRegularFile(gz)) {
            in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
        } else {
            throw new IllegalArgumentException(dir.toAbsolutePath() + " has neither " + name + " nor " + name + ".gz");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static JsonNode parse(String line, String file, int n) {
        try {
            return JSON.readTree(line);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " line " + n + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String field(JsonNode node, String name, String file, int n) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(file + " line " + n + " has no \"" + name + "\"");
        }
        return v.asString();
    }

    private static String optional(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? "" : v.asString();
    }
}
