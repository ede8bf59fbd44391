package dev.llmops.rag.index;

import dev.llmops.rag.Chunk;
import dev.llmops.rag.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Assembles search hits into a {@link Context} within a token budget. Hits are taken best first; chunks of the same
 * document that overlap or touch are merged into one passage (their overlap printed once), so a passage is always
 * an exact span of its document. A hit that would push the context past the budget is skipped and smaller later
 * hits may still fit.
 *
 * <pre>{@code
 * Context context = Contexts.assemble(index.search(question), WordPieceTokenizer.bgeSmallEnV15(), 1500);
 * String prompt = "Answer from the passages, citing them as [n].\n\n" + context.text() + "\n\nQ: " + question;
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Contexts {
    private Contexts() {
    }

    /**
     * The passages of {@code hits} (best first) that fit {@code tokenBudget} tokens of {@code tokenizer}.
     *
     * @throws IllegalArgumentException when the budget is below 1
     */
    public static Context assemble(List<SearchHit> hits, Tokenizer tokenizer, int tokenBudget) {
        Objects.requireNonNull(hits, "hits");
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("token budget must be at least 1, got " + tokenBudget);
        }
        List<Passage> passages = new ArrayList<>();
        String text = "";
        int tokens = 0;
        for (SearchHit hit : hits) {
            Objects.requireNonNull(hit, "hits holds a null");
            List<Passage> candidate = with(passages, hit);
            String candidateText = render(candidate);
            int candidateTokens = tokenizer.count(candidateText);
            if (candidateTokens <= tokenBudget) {
                passages = candidate;
                text = candidateText;
                tokens = candidateTokens;
            }
        }
        var citations = new ArrayList<Citation>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            Passage p = passages.get(i);
            citations.add(new Citation(i + 1, p.documentId, p.start, p.start + p.text.length(), p.score));
        }
        return new Context(text, citations, tokens);
    }

    /** A merged span of one document. */
    private record Passage(String documentId, int start, String text, double score) {
        int end() {
            return start + text.length();
        }
    }

    /** {@code passages} with {@code hit} added: merged into every passage of its document it overlaps or touches. */
    private static List<Passage> with(List<Passage> passages, SearchHit hit) {
        Chunk c = hit.chunk();
        Passage merged = new Passage(c.documentId(), c.startOffset(), c.text(), hit.score());
        var result = new ArrayList<Passage>(passages.size() + 1);
        int position = -1;
        for (Passage p : passages) {
            if (p.documentId.equals(merged.documentId) && p.start <= merged.end() && merged.start <= p.end()) {
                merged = union(p, merged);
                if (position < 0) {
                    position = result.size();
                }
            } else {
                result.add(p);
            }
        }
        result.add(position < 0 ? result.size() : position, merged);
        return result;
    }

    private static Passage union(Passage a, Passage b) {
        Passage first = a.start <= b.start ? a : b;
        Passage second = first == a ? b : a;
        String text = second.end() <= first.end() ? first.text
                : first.text + second.text.substring(first.end() - second.start);
        return new Passage(a.documentId, first.start, text, Math.max(a.score, b.score));
    }

    private static String render(List<Passage> passages) {
        var sb = new StringBuilder();
        for (int i = 0; i < passages.size(); i++) {
            if (i > 0) {
                sb.append("\n\n");
            }
            sb.append('[').append(i + 1).append("] ").append(passages.get(i).text);
        }
        return sb.toString();
    }
}
