package dev.llmops.rag;

import dev.llmops.rag.internal.MarkdownSections;
import dev.llmops.rag.internal.TokenSplitter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stock chunkers. Sizes are in tokens of an embedding model's tokenizer (bge-small-en-v1.5's WordPiece unless one
 * is given), not counting {@code [CLS]} and {@code [SEP]}: a chunk of {@code maxTokens} fits a model whose
 * {@code maxTokens()} is {@code maxTokens + 2}. Consecutive chunks share up to {@code overlapTokens} tokens. Every
 * chunk's text is {@code document.text().substring(startOffset, endOffset)}, trimmed of surrounding whitespace,
 * and inherits the document's metadata.
 *
 * <pre>{@code
 * Chunker chunker = Chunkers.markdown(256, 32);
 * for (Chunk c : chunker.chunk(Document.of("guide.md", markdown))) {
 *     System.out.println(c.metadata().get(Chunk.HEADING_PATH) + ": " + c.text());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Chunkers {
    private Chunkers() {
    }

    /**
     * Recursive splitting: by paragraphs, then lines, sentence ends, clauses, words, and tokens as a last resort,
     * merging consecutive pieces up to {@code maxTokens}.
     */
    public static Chunker recursive(int maxTokens, int overlapTokens) {
        return recursive(WordPieceTokenizer.bgeSmallEnV15(), maxTokens, overlapTokens);
    }

    /** {@link #recursive(int, int)} measuring with {@code tokenizer}. */
    public static Chunker recursive(Tokenizer tokenizer, int maxTokens, int overlapTokens) {
        return plain(new TokenSplitter(tokenizer(tokenizer), check(maxTokens, overlapTokens), overlapTokens,
                TokenSplitter.Mode.RECURSIVE));
    }

    /**
     * Sentence-aware: chunks hold whole sentences (a sentence longer than {@code maxTokens} is split by clauses and
     * words), and the overlap starts at a sentence start.
     */
    public static Chunker sentences(int maxTokens, int overlapTokens) {
        return sentences(WordPieceTokenizer.bgeSmallEnV15(), maxTokens, overlapTokens);
    }

    /** {@link #sentences(int, int)} measuring with {@code tokenizer}. */
    public static Chunker sentences(Tokenizer tokenizer, int maxTokens, int overlapTokens) {
        return plain(new TokenSplitter(tokenizer(tokenizer), check(maxTokens, overlapTokens), overlapTokens,
                TokenSplitter.Mode.SENTENCES));
    }

    /**
     * Markdown-heading-aware: a chunk never crosses an ATX heading ({@code #} .. {@code ######}; headings in fenced
     * code do not count), each section is split recursively, and every chunk carries its heading path under
     * {@link Chunk#HEADING_PATH}, e.g. {@code "Title > Section > Sub"} (absent before the first heading).
     */
    public static Chunker markdown(int maxTokens, int overlapTokens) {
        return markdown(WordPieceTokenizer.bgeSmallEnV15(), maxTokens, overlapTokens);
    }

    /** {@link #markdown(int, int)} measuring with {@code tokenizer}. */
    public static Chunker markdown(Tokenizer tokenizer, int maxTokens, int overlapTokens) {
        var splitter = new TokenSplitter(tokenizer(tokenizer), check(maxTokens, overlapTokens), overlapTokens,
                TokenSplitter.Mode.RECURSIVE);
        return document -> {
            Objects.requireNonNull(document, "document");
            var chunks = new ArrayList<Chunk>();
            for (MarkdownSections.Section section : MarkdownSections.of(document.text())) {
                Map<String, String> extra = section.headingPath().isEmpty()
                        ? Map.of()
                        : Map.of(Chunk.HEADING_PATH, String.join(" > ", section.headingPath()));
                add(document, splitter.split(document.text(), section.start(), section.end()), extra, chunks);
            }
            return List.copyOf(chunks);
        };
    }

    private static Chunker plain(TokenSplitter splitter) {
        return document -> {
            Objects.requireNonNull(document, "document");
            var chunks = new ArrayList<Chunk>();
            add(document, splitter.split(document.text(), 0, document.text().length()), Map.of(), chunks);
            return List.copyOf(chunks);
        };
    }

    private static void add(Document document, List<TokenSplitter.Span> spans, Map<String, String> extra, List<Chunk> out) {
        Map<String, String> metadata = document.metadata();
        if (!extra.isEmpty()) {
            metadata = new HashMap<>(metadata);
            metadata.putAll(extra);
        }
        for (TokenSplitter.Span span : spans) {
            out.add(new Chunk(document.id(), out.size(), document.text().substring(span.start(), span.end()),
                    span.start(), span.end(), metadata));
        }
    }

    private static Tokenizer tokenizer(Tokenizer tokenizer) {
        return Objects.requireNonNull(tokenizer, "tokenizer");
    }

    private static int check(int maxTokens, int overlapTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("overlapTokens must be in [0, maxTokens), got " + overlapTokens
                    + " with maxTokens " + maxTokens + "; chunks would not advance");
        }
        return maxTokens;
    }
}
