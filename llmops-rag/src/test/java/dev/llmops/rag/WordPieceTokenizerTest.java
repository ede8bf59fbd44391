package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of the WordPiece tokenizer that the parity test does not show on its own. */
class WordPieceTokenizerTest {
    private static final WordPieceTokenizer BGE = WordPieceTokenizer.bgeSmallEnV15();

    private static List<String> values(String text) {
        return BGE.tokenize(text).stream().map(Token::value).toList();
    }

    @Test
    void encodingWrapsTokensInClsAndSep() {
        // bert-base-uncased ids: [CLS]=101, hello=7592, world=2088, [SEP]=102.
        assertThat(BGE.encode("Hello world", 512).ids()).containsExactly(101, 7592, 2088, 102);
        assertThat(BGE.encode("", 512).ids()).containsExactly(101, 102);
    }

    @Test
    void lowercasesStripsAccentsSplitsPunctuationAndCjk() {
        assertThat(values("Café, NAÏVE!")).containsExactly("cafe", ",", "naive", "!");
        assertThat(values("東京")).containsExactly("東", "京");
    }

    @Test
    void unknownPiecesAndOverlongWordsBecomeOneUnk() {
        assertThat(values("x".repeat(101))).containsExactly("[UNK]");
        assertThat(values("😀")).containsExactly("[UNK]");
        assertThat(values("unbelievably")).containsExactly("un", "##bel", "##ie", "##va", "##bly");
    }

    @Test
    void tokensPointBackIntoTheSourceText() {
        String text = "  Naïve café —  東京 😀 tokenization!";
        for (Token t : BGE.tokenize(text)) {
            String source = text.substring(t.start(), t.end());
            if (!t.value().equals("[UNK]")) {
                assertThat(java.text.Normalizer.normalize(source.toLowerCase(), java.text.Normalizer.Form.NFD)
                        .replaceAll("\\p{Mn}", "")).as(t.toString()).endsWith(t.value().replace("##", ""));
            }
        }
        List<Token> tokens = BGE.tokenize(text);
        assertThat(text.substring(tokens.get(0).start(), tokens.get(0).end())).isEqualTo("Naïve");
        Token emoji = tokens.stream().filter(t -> t.value().equals("[UNK]")).findFirst().orElseThrow();
        assertThat(text.substring(emoji.start(), emoji.end())).isEqualTo("😀");
        Token last = tokens.get(tokens.size() - 1);
        assertThat(last.end()).isEqualTo(text.length());
    }

    @Test
    void encodingCutsToTheMaximumAndSaysSo() {
        Encoding e = BGE.encode("one two three four five", 5);
        assertThat(e.ids()).hasSize(5).startsWith(101).endsWith(102);
        assertThat(e.truncated()).isTrue();
        assertThat(e.fullLength()).isEqualTo(7);
        Encoding fits = BGE.encode("one two three", 5);
        assertThat(fits.truncated()).isFalse();
        assertThatThrownBy(() -> BGE.encode("x", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenizerThatIsNotWordPieceIsRefused() {
        String bpe = "{\"model\":{\"type\":\"BPE\",\"vocab\":{}},\"normalizer\":{\"type\":\"BertNormalizer\"}}";
        assertThatThrownBy(() -> WordPieceTokenizer.fromJson(new ByteArrayInputStream(bpe.getBytes(StandardCharsets.UTF_8)), "bpe.json"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("bpe.json").hasMessageContaining("BPE");
        assertThatThrownBy(() -> WordPieceTokenizer.fromJson(new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8)), "broken.json"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> WordPieceTokenizer.fromClasspath("missing-tokenizer.json"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("missing-tokenizer.json");
    }

    @Test
    void bothBundledModelsShareTheUncasedBertVocabulary() {
        assertThat(BGE.vocabularySize()).isEqualTo(30522);
        assertThat(WordPieceTokenizer.allMiniLmL6V2().encode("Hello world", 512)).isEqualTo(BGE.encode("Hello world", 512));
    }
}
