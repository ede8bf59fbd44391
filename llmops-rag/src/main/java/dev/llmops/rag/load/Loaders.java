package dev.llmops.rag.load;

import dev.llmops.rag.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stock {@link DocumentLoader}s. A file's document id is its path as given (JSON lines: the id field); metadata
 * holds {@value #SOURCE}, {@value #CONTENT_TYPE} and, when the format has one, {@value #TITLE}.
 *
 * <pre>{@code
 * List<Document> docs = Loaders.directory(Path.of("docs"));   // .txt .md .html .htm .pdf .jsonl, by extension
 * index.upsert(docs, progress -> System.err.println(progress));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Loaders {
    /** Metadata key: the file a document was loaded from. */
    public static final String SOURCE = "source";
    /** Metadata key: the MIME type of that file. */
    public static final String CONTENT_TYPE = "content_type";
    /** Metadata key: the title (HTML {@code <title>}, PDF document info, first Markdown heading). */
    public static final String TITLE = "title";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Loaders() {
    }

    /** A UTF-8 text file as one document. */
    public static DocumentLoader text() {
        return file -> List.of(document(file, read(file), "text/plain", null));
    }

    /** A UTF-8 Markdown file as one document (chunk it with {@code Chunkers.markdown}); the title is its first heading. */
    public static DocumentLoader markdown() {
        return file -> {
            String text = read(file);
            String title = null;
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("# ")) {
                    title = line.substring(2).strip();
                    break;
                }
            }
            return List.of(document(file, text, "text/markdown", title));
        };
    }

    /** An HTML file as one document: its visible text (block elements on their own lines) and {@code <title>}. */
    public static DocumentLoader html() {
        return file -> {
            var doc = Jsoup.parse(read(file));
            doc.select("script, style, noscript, template").remove();
            String text = doc.body() == null ? "" : doc.body().wholeText().replaceAll("[ \\t\\x0B\\f\\r]+", " ")
                    .replaceAll(" ?\\n[ \\n]*", "\n").strip();
            return List.of(document(file, text, "text/html", doc.title().isBlank() ? null : doc.title().strip()));
        };
    }

    /** A PDF file as one document: the text of every page in reading order, pages separated by a blank line. */
    public static DocumentLoader pdf() {
        return file -> {
            try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
                var stripper = new PDFTextStripper();
                stripper.setSortByPosition(true);
                stripper.setPageEnd("\n\n");
                String text = stripper.getText(pdf).strip();
                String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
                Document d = document(file, text, "application/pdf", title == null || title.isBlank() ? null : title);
                return List.of(d.withMetadata("pages", String.valueOf(pdf.getNumberOfPages())));
            } catch (IOException e) {
                throw new LoadException("cannot read PDF " + file + ": " + e.getMessage()
                        + "; is it a PDF, and not encrypted?", e);
            }
        };
    }

    /**
     * A JSON-lines file, one document per non-blank line: the id from {@code idField}, the text from
     * {@code textField}, every other string or number field as metadata.
     */
    public static DocumentLoader jsonLines(String idField, String textField) {
        Objects.requireNonNull(idField, "idField");
        Objects.requireNonNull(textField, "textField");
        return file -> {
            var docs = new ArrayList<Document>();
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (JacksonException e) {
                        throw new LoadException(file + " line " + n + " is not JSON: " + e.getOriginalMessage(), e);
                    }
                    JsonNode id = node.get(idField);
                    JsonNode text = node.get(textField);
                    if (id == null || !id.isValueNode() || text == null || !text.isString() || text.asString().isBlank()) {
                        throw new LoadException(file + " line " + n + " lacks a \"" + idField + "\" or a non-empty \""
                                + textField + "\"; every line needs both");
                    }
                    var metadata = new HashMap<String, String>();
                    for (Map.Entry<String, JsonNode> f : node.properties()) {
                        if (!f.getKey().equals(idField) && !f.getKey().equals(textField)
                                && (f.getValue().isString() || f.getValue().isNumber() || f.getValue().isBoolean())) {
                            metadata.put(f.getKey(), f.getValue().asString());
                        }
                    }
                    metadata.put(SOURCE, file.toString());
                    metadata.put(CONTENT_TYPE, "application/jsonl");
                    docs.add(new Document(id.asString(), text.asString(), metadata));
                }
            } catch (IOException e) {
                throw new LoadException("cannot read " + file + ": " + e.getMessage(), e);
            }
            return docs;
        };
    }

    /**
     * The loader for {@code file} by its extension: {@code .txt}, {@code .md}/{@code .markdown},
     * {@code .html}/{@code .htm}, {@code .pdf}, {@code .jsonl} (fields {@code id} and {@code text}).
     *
     * @throws LoadException for any other extension, naming the ones supported
     */
    public static DocumentLoader forFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        return switch (ext) {
            case "txt", "text" -> text();
            case "md", "markdown" -> markdown();
            case "html", "htm" -> html();
            case "pdf" -> pdf();
            case "jsonl" -> jsonLines("id", "text");
            default -> throw new LoadException("no loader for " + file + " (extension '" + ext + "'); supported: txt,"
                    + " md, markdown, html, htm, pdf, jsonl. Pass a DocumentLoader of your own for others");
        };
    }

    /** Every supported file under {@code dir} (recursively, sorted by path; other files skipped). */
    public static List<Document> directory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try (Stream<Path> files = Files.walk(dir)) {
            var docs = new ArrayList<Document>();
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                if (supported(f)) {
                    docs.addAll(forFile(f).load(f));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new LoadException("cannot list " + dir + ": " + e.getMessage() + "; pass a readable directory", e);
        }
    }

    private static boolean supported(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".txt") || n.endsWith(".text") || n.endsWith(".md") || n.endsWith(".markdown")
                || n.endsWith(".html") || n.endsWith(".htm") || n.endsWith(".pdf") || n.endsWith(".jsonl");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LoadException("cannot read " + file + " as UTF-8: " + e.getMessage(), e);
        }
    }

    private static Document document(Path file, String text, String contentType, String title) {
        if (text.isBlank()) {
            throw new LoadException(file + " has no text" + (contentType.equals("application/pdf")
                    ? " (a scanned PDF needs OCR first)" : "") + "; remove it or skip it before loading");
        }
        var metadata = new HashMap<String, String>();
        metadata.put(SOURCE, file.toString());
        metadata.put(CONTENT_TYPE, contentType);
        if (title != null) {
            metadata.put(TITLE, title);
        }
        return new Document(file.toString(), text, metadata);
    }
}
