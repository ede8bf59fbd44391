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

    /** The first {@code limit} SciFact abstracts as documents (title, blank line, text). */
    static List<Document> scifactDocuments(Path corpus, int limit) {
        var mapper = JsonMapper.builder().build();
        var docs = new ArrayList<Document>();
        try (var reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(corpus)),
                StandardCharsets.UTF_8))) {
            String line;
            while (docs.size() < limit && (line = reader.readLine()) != null) {
                JsonNode node = mapper.readTree(line);
                docs.add(Document.of(node.path("_id").asString(),
                        node.path("title").asString() + "\n\n" + node.path("text").asString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }
}
