package dev.llmops.rag.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.rag.Chunk;
import dev.llmops.rag.Token;
import dev.llmops.rag.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextsTest {
    private static final String DOC = "0123456789abcdefghij";
    /** One token per non-whitespace run, so budgets are easy to count. */
    private static final Tokenizer WORDS = text -> {
        var tokens = new ArrayList<Token>();
        for (String w : text.split("\\s+")) {
            if (!w.isEmpty()) {
                tokens.add(null);
            }
        }
        return tokens;
    };

    private static SearchHit hit(String doc, String text, int start, double score) {
        return new SearchHit(new Chunk(doc, start, text, start, start + text.length(), Map.of()), score);
    }

    @Test
    void overlappingChunksOfOneDocumentBecomeOnePassageCitingTheUnion() {
        Context c = Contexts.assemble(List.of(hit("d", DOC.substring(5, 12), 5, 0.9), hit("d", DOC.substring(0, 8), 0, 0.8)),
                WORDS, 100);
        assertThat(c.text()).isEqualTo("[1] " + DOC.substring(0, 12));
        assertThat(c.citations()).containsExactly(new Citation(1, "d", 0, 12, 0.9));
    }

    @Test
    void disjointChunksAndOtherDocumentsGetTheirOwnNumbersInRankOrder() {
        Context c = Contexts.assemble(List.of(hit("d", "abc", 10, 0.9), hit("e", "xyz", 0, 0.8), hit("d", "012", 0, 0.7)),
                WORDS, 100);
        assertThat(c.text()).isEqualTo("[1] abc\n\n[2] xyz\n\n[3] 012");
        assertThat(c.citations()).extracting(Citation::documentId).containsExactly("d", "e", "d");
        assertThat(c.citations().get(2).startOffset()).isZero();
        assertThat(c.tokens()).isEqualTo(6);
    }

    @Test
    void aHitThatWouldExceedTheBudgetIsSkippedAndASmallerOneStillFits() {
        Context c = Contexts.assemble(List.of(hit("a", "one two", 0, 3), hit("b", "three four five six", 0, 2),
                hit("c", "seven", 0, 1)), WORDS, 5);
        assertThat(c.text()).isEqualTo("[1] one two\n\n[2] seven");
        assertThat(c.tokens()).isEqualTo(5);
        assertThat(c.citations()).extracting(Citation::documentId).containsExactly("a", "c");
    }

    @Test
    void nothingFitsGivesAnEmptyContext() {
        Context c = Contexts.assemble(List.of(hit("a", "one two three", 0, 1)), WORDS, 2);
        assertThat(c.text()).isEmpty();
        assertThat(c.citations()).isEmpty();
    }

    @Test
    void aBudgetBelowOneIsRefused() {
        assertThatThrownBy(() -> Contexts.assemble(List.of(), WORDS, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
