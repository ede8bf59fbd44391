package dev.llmops.rag.internal;

import dev.llmops.rag.Token;
import dev.llmops.rag.Tokenizer;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a span of a text into chunk spans of at most {@code maxTokens} tokens, sizes measured in the tokens of the
 * embedding model's tokenizer, consecutive chunks sharing up to {@code overlapTokens} tokens. Works on offsets only,
 * so every chunk is exactly a substring of the source.
 *
 * <p>First the span is cut into pieces that fit: by sentences ({@link Mode#SENTENCES}) or by the first separator
 * that occurs (paragraph, line, sentence end, clause, word; {@link Mode#RECURSIVE}), recursing with the next
 * separator into pieces still too long, and finally at token boundaries. Then consecutive pieces are merged while
 * they fit. A new chunk starts with the tail of the previous one: the last {@code overlapTokens} tokens, moved
 * forward to a word start (recursive) or a sentence start (sentences).
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenSplitter {
    /** How a span is cut into pieces before merging. Immutable and thread-safe. */
    public enum Mode {
        /** Paragraphs, lines, sentence ends, clauses, words, then tokens. */
        RECURSIVE,
        /** Sentences (java.text.BreakIterator), and a sentence too long by clauses, words, then tokens. */
        SENTENCES
    }

    private static final List<String> RECURSIVE_SEPARATORS = List.of("\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ");
    private static final List<String> SENTENCE_SEPARATORS = List.of("\n", "; ", ", ", " ");

    private final Tokenizer tokenizer;
    private final int maxTokens;
    private final int overlapTokens;
    private final Mode mode;

    public TokenSplitter(Tokenizer tokenizer, int maxTokens, int overlapTokens, Mode mode) {
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
        this.mode = mode;
    }

    /** A part of the source: {@code [start, end)}. Immutable and thread-safe. */
    public record Span(int start, int end) {
    }

    /** The chunk spans of {@code text[from, to)}, trimmed of surrounding whitespace; none for blank input. */
    public List<Span> split(String text, int from, int to) {
        var doc = new Measured(text, tokenizer.tokenize(text.substring(from, to)), from);
        List<Span> pieces = new ArrayList<>();
        if (mode == Mode.SENTENCES) {
            BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
            sentences.setText(text.substring(from, to));
            int start = sentences.first();
            for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
                cut(doc, from + start, from + end, SENTENCE_SEPARATORS, pieces);
            }
        } else {
            cut(doc, from, to, RECURSIVE_SEPARATORS, pieces);
        }
        return merge(doc, pieces);
    }

    /** Appends to {@code out} the non-blank pieces of {@code [start, end)} that fit, trimmed. */
    private void cut(Measured doc, int start, int end, List<String> separators, List<Span> out) {
        Span trimmed = trim(doc.text, start, end);
        if (trimmed == null) {
            return;
        }
        if (doc.count(trimmed.start, trimmed.end) <= maxTokens) {
            out.add(trimmed);
            return;
        }
        for (int s = 0; s < separators.size(); s++) {
            String sep = separators.get(s);
            int at = doc.text.indexOf(sep, trimmed.start);
            if (at < 0 || at + sep.length() >= trimmed.end) {
                continue;
            }
            List<String> finer = separators.subList(s + 1, separators.size());
            int pieceStart = trimmed.start;
            while (at >= 0 && at + sep.length() < trimmed.end) {
                cut(doc, pieceStart, at + sep.length(), finer, out);
                pieceStart = at + sep.length();
                at = doc.text.indexOf(sep, pieceStart);
            }
            cut(doc, pieceStart, trimmed.end, finer, out);
            return;
        }
        cutAtTokens(doc, trimmed, out);
    }

    /** The last resort for a run with no separator (a long word, CJK text): cut at token boundaries. */
    private void cutAtTokens(Measured doc, Span span, List<Span> out) {
        int first = doc.firstTokenAtOrAfter(span.start);
        int last = doc.lastTokenEndingAtOrBefore(span.end);
        int i = first;
        while (i <= last) {
            int j = Math.min(last, i + maxTokens - 1);
            // Re-tokenised alone, a piece cut inside a word may need more tokens ("##ization" vs "ization"): back off.
            while (j > i && tokenizer.count(doc.text.substring(doc.start(i), doc.end(j))) > maxTokens) {
                j--;
            }
            out.add(new Span(doc.start(i), doc.end(j)));
            i = j + 1;
        }
    }

    private List<Span> merge(Measured doc, List<Span> pieces) {
        var chunks = new ArrayList<Span>();
        int i = 0;
        while (i < pieces.size()) {
            int start = pieces.get(i).start;
            if (!chunks.isEmpty() && overlapTokens > 0) {
                int overlapStart = overlapStart(doc, chunks.get(chunks.size() - 1), pieces);
                if (overlapStart >= 0 && doc.count(overlapStart, pieces.get(i).end) <= maxTokens) {
                    start = overlapStart;
                }
            }
            int end = pieces.get(i).end;
            int j = i + 1;
            while (j < pieces.size() && doc.count(start, pieces.get(j).end) <= maxTokens) {
                end = pieces.get(j).end;
                j++;
            }
            chunks.add(new Span(start, end));
            i = j;
        }
        return chunks;
    }

    /**
     * Where the next chunk starts so as to repeat at most overlapTokens tokens of {@code previous}, or -1 when no
     * word (sentence) start is near enough to its end.
     */
    private int overlapStart(Measured doc, Span previous, List<Span> pieces) {
        int lastToken = doc.lastTokenEndingAtOrBefore(previous.end);
        int k = Math.max(doc.firstTokenAtOrAfter(previous.start) + 1, lastToken - overlapTokens + 1);
        for (; k <= lastToken; k++) {
            int at = doc.start(k);
            boolean boundary = mode == Mode.SENTENCES
                    ? pieces.stream().anyMatch(p -> p.start == at)
                    : doc.end(k - 1) < at;
            if (boundary) {
                return at;
            }
        }
        return -1;
    }

    private static Span trim(String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : new Span(start, end);
    }

    /** The source text with its token spans, for counting the tokens within a span by binary search. */
    private static final class Measured {
        final String text;
        final int[] starts;
        final int[] ends;

        Measured(String text, List<Token> tokens, int offset) {
            this.text = text;
            this.starts = new int[tokens.size()];
            this.ends = new int[tokens.size()];
            for (int i = 0; i < tokens.size(); i++) {
                starts[i] = tokens.get(i).start() + offset;
                ends[i] = tokens.get(i).end() + offset;
            }
        }

        int start(int token) {
            return starts[token];
        }

        int end(int token) {
            return ends[token];
        }

        /** Tokens lying wholly in {@code [from, to)}. */
        int count(int from, int to) {
            return Math.max(0, lastTokenEndingAtOrBefore(to) - firstTokenAtOrAfter(from) + 1);
        }

        int firstTokenAtOrAfter(int offset) {
            int lo = 0;
            int hi = starts.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] < offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        int lastTokenEndingAtOrBefore(int offset) {
            int lo = 0;
            int hi = ends.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ends[mid] <= offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - 1;
        }
    }
}
