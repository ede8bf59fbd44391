package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our WordPiece tokenizer against the reference: HuggingFace's Rust tokenizers through DJL (native library from the
 * DJL jar, cache under target/, offline), on the very tokenizer.json files the models ship.
 */
class WordPieceTokenizerParityTest {
    private static HuggingFaceTokenizer bgeReference;
    private static HuggingFaceTokenizer miniLmReference;
    private static final WordPieceTokenizer BGE = WordPieceTokenizer.bgeSmallEnV15();
    private static final WordPieceTokenizer MINILM = WordPieceTokenizer.allMiniLmL6V2();

    @TempDir
    static Path dir;

    @BeforeAll
    static void loadReference() throws IOException {
        bgeReference = reference("bge-small-en-v1.5-q-tokenizer.json");
        miniLmReference = reference("all-minilm-l6-v2-q-tokenizer.json");
    }

    private static HuggingFaceTokenizer reference(String resource) throws IOException {
        Path file = dir.resolve(resource);
        try (InputStream in = WordPieceTokenizerParityTest.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // No truncation or padding: MiniLM's tokenizer.json asks for both at 128, which would hide differences.
        return HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "true", "truncation", "false",
                "padding", "false"));
    }

    @AfterAll
    static void close() {
        bgeReference.close();
        miniLmReference.close();
    }

    static Stream<String> texts() {
        return Stream.of(
                "Hello, world!",
                "The quick brown fox jumps over the lazy dog.",
                "Don't stop-believing: it's 3.14159 (approx.) & 42% of $1,000,000 -- #hashtag @user e-mail@example.com",
                "café naïve résumé façade Ångström Øresund Straße ŒUVRE",
                "İstanbul ΣΟΦΙΑ σοφίας Ελληνικά κείμενα",
                "Привет, мир! Это тест.",
                "中文分词测试，我爱北京天安门。日本語のテキスト。한국어 텍스트",
                "emoji 😀 👍🏽 🥰 🫠 ❤️ 🇫🇷 family 👨‍👩‍👧",
                "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
                "x".repeat(101) + " " + "ab".repeat(50),
                "tabs\tand\nnewlines\r\nand\u00a0nbsp\u2003em-space\u200bzero-width\u3000ideographic space",
                "control\u0000chars\u0007and\u000bvertical\u000cformfeed\u0085nel \ufffd replacement",
                "combining e\u0301 vs é; ligature ﬁ; fullwidth ＡＢＣ１２３; superscript x² ½",
                "«quotes» “curly” ‘single’ — dash – en ‐ hyphen … ellipsis ¿qué? ¡sí!",
                "math ∑ ∫ √ ≤ ≥ ≠ ∞ → ← © ® ™ € £ ¥ § ¶ • °C",
                "   leading and trailing whitespace   ",
                "UPPER lower MiXeD CamelCaseWord snake_case_word kebab-case-word",
                "IL-6 TNF-α p53 BRCA1/2 CD4+ T-cells 1.5×10⁹ cells/L at 37 °C, pH 7.4",
                "Arabic مرحبا بالعالم and Hebrew שלום עולם and Hindi नमस्ते दुनिया and Thai สวัสดีชาวโลก",
                "",
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(80));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void bgeIdsMatchTheReference(String text) {
        assertThat(BGE.encode(text, Integer.MAX_VALUE).ids()).as(text).containsExactly(toInt(bgeReference.encode(text).getIds()));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void miniLmIdsMatchTheReference(String text) {
        assertThat(MINILM.encode(text, Integer.MAX_VALUE).ids()).as(text).containsExactly(toInt(miniLmReference.encode(text).getIds()));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void offsetsMatchTheReference(String text) {
        // The reference counts code points; ours are UTF-16 offsets (Java's String indices).
        var reference = bgeReference.encode(text, false, false);
        var spans = reference.getCharTokenSpans();
        List<Token> tokens = BGE.tokenize(text);
        assertThat(tokens).hasSize(spans.length);
        for (int i = 0; i < spans.length; i++) {
            int start = text.codePointCount(0, tokens.get(i).start());
            int end = text.codePointCount(0, tokens.get(i).end());
            assertThat(new int[] {start, end}).as("token %d of %s", i, text)
                    .containsExactly(spans[i].getStart(), spans[i].getEnd());
        }
    }

    @Test
    void scifactAbstractsMatchTheReference() {
        Path corpus = TestData.requireScifact();
        List<Document> docs = TestData.scifactDocuments(corpus, 300);
        int tokens = 0;
        for (Document doc : docs) {
            int[] ours = BGE.encode(doc.text(), Integer.MAX_VALUE).ids();
            assertThat(ours).as(doc.id()).containsExactly(toInt(bgeReference.encode(doc.text()).getIds()));
            tokens += ours.length;
        }
        assertThat(tokens).isGreaterThan(300 * 100);
    }

    private static int[] toInt(long[] ids) {
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }
}
