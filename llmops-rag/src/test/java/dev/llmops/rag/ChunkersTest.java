package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkersTest {
    private static final WordPieceTokenizer TOKENIZER = WordPieceTokenizer.bgeSmallEnV15();

    /** Checks what every chunking must hold and returns the chunks. */
    private static List<Chunk> wellFormed(Document doc, List<Chunk> chunks, int max, int overlap) {
        String source = doc.text();
        assertThat(chunks).isNotEmpty();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            assertThat(c.index()).isEqualTo(i);
            assertThat(c.documentId()).isEqualTo(doc.id());
            assertThat(source.substring(c.startOffset(), c.endOffset())).isEqualTo(c.text());
            assertThat(c.text()).isEqualTo(c.text().strip());
            assertThat(TOKENIZER.count(c.text())).as("tokens of chunk %d", i).isLessThanOrEqualTo(max);
            assertThat(c.metadata()).containsAllEntriesOf(doc.metadata());
            if (i > 0) {
                Chunk prev = chunks.get(i - 1);
                assertThat(c.startOffset()).isGreaterThan(prev.startOffset());
                assertThat(c.endOffset()).isGreaterThan(prev.endOffset());
                if (c.startOffset() < prev.endOffset()) {
                    int shared = TOKENIZER.count(source.substring(c.startOffset(), prev.endOffset()));
                    assertThat(shared).as("overlap of chunk %d", i).isLessThanOrEqualTo(overlap).isPositive();
                }
            }
        }
        // Every token of the document lies in some chunk.
        for (Token t : TOKENIZER.tokenize(source)) {
            assertThat(chunks).as("token %s at %d", t.value(), t.start())
                    .anyMatch(c -> c.startOffset() <= t.start() && t.end() <= c.endOffset());
        }
        return chunks;
    }

    private static List<Document> scifact(int n) {
        Path corpus = TestData.requireScifact();
        return TestData.scifactDocuments(corpus, n);
    }

    @Test
    void recursiveChunksOfScifactAbstractsFitOverlapAndCoverTheText() {
        int overlapping = 0;
        int chunks = 0;
        for (Document doc : scifact(40)) {
            List<Chunk> c = wellFormed(doc, Chunkers.recursive(64, 16).chunk(doc), 64, 16);
            chunks += c.size();
            for (int i = 1; i < c.size(); i++) {
                overlapping += c.get(i).startOffset() < c.get(i - 1).endOffset() ? 1 : 0;
            }
        }
        assertThat(chunks).isGreaterThan(80);
        assertThat(overlapping).isGreaterThan(chunks / 2);
    }

    @Test
    void sentenceAndMarkdownChunksOfScifactAbstractsAreWellFormed() {
        for (Document doc : scifact(40)) {
            wellFormed(doc, Chunkers.sentences(48, 24).chunk(doc), 48, 24);
            wellFormed(doc, Chunkers.markdown(40, 10).chunk(doc), 40, 10);
        }
    }

    @Test
    void withoutOverlapChunksDoNotShareText() {
        for (Document doc : scifact(10)) {
            List<Chunk> c = wellFormed(doc, Chunkers.recursive(50, 0).chunk(doc), 50, 0);
            for (int i = 1; i < c.size(); i++) {
                assertThat(c.get(i).startOffset()).isGreaterThanOrEqualTo(c.get(i - 1).endOffset());
            }
        }
    }

    @Test
    void aShortDocumentIsOneTrimmedChunk() {
        var doc = new Document("d", "  \n Hello there, world.\n\n ", Map.of("source", "unit"));
        List<Chunk> chunks = Chunkers.recursive(32, 8).chunk(doc);
        assertThat(chunks).containsExactly(new Chunk("d", 0, "Hello there, world.", 4, 23, Map.of("source", "unit")));
    }

    @Test
    void paragraphsAreKeptWholeWhenTheyFit() {
        String p1 = "The first paragraph talks about cats and how they sit on mats all day long.";
        String p2 = "The second paragraph is about the stock market and how it crashed in the autumn.";
        String p3 = "A third one closes the text with a few words on the weather in spring.";
        var doc = Document.of("d", p1 + "\n\n" + p2 + "\n\n" + p3);
        List<Chunk> chunks = wellFormed(doc, Chunkers.recursive(TOKENIZER.count(p1 + "\n\n" + p2), 0).chunk(doc),
                TOKENIZER.count(p1 + "\n\n" + p2), 0);
        assertThat(chunks).extracting(Chunk::text).containsExactly(p1 + "\n\n" + p2, p3);
    }

    @Test
    void aRunWithoutSeparatorsIsCutAtTokens() {
        var doc = Document.of("d", "pneumonoultramicroscopicsilicovolcanoconiosis".repeat(30) + " end 東京都渋谷区神南一丁目".repeat(10));
        wellFormed(doc, Chunkers.recursive(20, 4).chunk(doc), 20, 4);
    }

    @Test
    void sentenceChunksEndAtSentenceEndsAndOverlapWholeSentences() {
        String text = "Cats sleep a lot. They like warm places! Do dogs sleep as much? Not usually. "
                + "Birds sleep standing up. Fish rest without closing their eyes. Horses can sleep standing.";
        var doc = Document.of("d", text);
        List<Chunk> chunks = wellFormed(doc, Chunkers.sentences(16, 8).chunk(doc), 16, 8);
        assertThat(chunks).hasSizeGreaterThan(2);
        List<String> sentenceStarts = List.of("Cats", "They", "Do", "Not", "Birds", "Fish", "Horses");
        for (Chunk c : chunks) {
            assertThat(c.text()).matches("(?s).*[.!?]");
            assertThat(sentenceStarts).anyMatch(c.text()::startsWith);
        }
        assertThat(chunks.get(1).startOffset()).isLessThan(chunks.get(0).endOffset());
    }

    @Test
    void aSentenceLongerThanTheLimitIsSplitByClausesAndWords() {
        var doc = Document.of("d", "This sentence, which goes on and on, has clauses, commas, and far too many words for "
                + "one small chunk of twelve tokens, so it must be split.");
        wellFormed(doc, Chunkers.sentences(12, 0).chunk(doc), 12, 0);
    }

    @Test
    void markdownChunksCarryTheirHeadingPathAndNeverCrossAHeading() {
        String md = """
                Preface without a heading.

                # Guide

                Intro to the guide.

                ## Install

                Run the installer. It takes a minute.

                ```bash
                # not a heading: a shell comment
                ./install.sh
                ```

                ### On Linux ###

                Use the package manager.

                ## Use

                Call the library.
                """;
        var doc = new Document("guide.md", md, Map.of("source", "docs"));
        List<Chunk> chunks = wellFormed(doc, Chunkers.markdown(200, 0).chunk(doc), 200, 0);
        assertThat(chunks).extracting(c -> c.metadata().get(Chunk.HEADING_PATH))
                .containsExactly(null, "Guide", "Guide > Install", "Guide > Install > On Linux", "Guide > Use");
        assertThat(chunks.get(2).text()).startsWith("## Install").contains("# not a heading").endsWith("```");
        assertThat(chunks.get(3).text()).isEqualTo("### On Linux ###\n\nUse the package manager.");
        assertThat(chunks).allSatisfy(c -> assertThat(c.metadata()).containsEntry("source", "docs"));
    }

    @Test
    void setextHeadingsCountAndAThematicBreakAfterABlankLineDoesNot() {
        String md = "Title\n=====\n\nIntro.\n\nPart one\n--------\n\nBody one.\n\n---\n\nStill part one.\n";
        var doc = Document.of("d", md);
        List<Chunk> chunks = wellFormed(doc, Chunkers.markdown(100, 0).chunk(doc), 100, 0);
        assertThat(chunks).extracting(c -> c.metadata().get(Chunk.HEADING_PATH)).containsExactly("Title", "Title > Part one");
        assertThat(chunks.get(1).text()).startsWith("Part one\n---").endsWith("Still part one.");
    }

    @Test
    void aLongMarkdownSectionIsSplitAndEveryPieceKeepsThePath() {
        var doc = Document.of("d", "# Title\n\n## Section\n\n" + "Words and more words here. ".repeat(40));
        List<Chunk> chunks = wellFormed(doc, Chunkers.markdown(30, 5).chunk(doc), 30, 5);
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks.subList(1, chunks.size()))
                .allSatisfy(c -> assertThat(c.metadata()).containsEntry(Chunk.HEADING_PATH, "Title > Section"));
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> Chunkers.recursive(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> Chunkers.sentences(10, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlapTokens");
        assertThatThrownBy(() -> Chunkers.markdown(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
