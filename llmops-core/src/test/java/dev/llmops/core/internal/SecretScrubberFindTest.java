package dev.llmops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScrubberFindTest {

    @Test
    void findsShapesBearerTokensAndLiteralsInTextOrder() {
        String text = "lit my-db-pass1, key sk-abcdefghijklmnopqrstuvwxyz, Bearer abcdefghijklmnop1234567890";

        List<SecretScrubber.Found> found = SecretScrubber.standard().withLiterals(List.of("my-db-pass1")).find(text);

        assertThat(found).extracting(SecretScrubber.Found::kind).containsExactly("literal", "openai-key", "bearer");
        assertThat(found).extracting(f -> text.substring(f.start(), f.end()))
                .containsExactly("my-db-pass1", "sk-abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnop1234567890");
    }

    @Test
    void keepsOneOfOverlappingFinds() {
        String key = "sk-ant-abcdefghijklmnopqrstuvwxyz";

        List<SecretScrubber.Found> found = SecretScrubber.standard().find("key " + key);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("anthropic-key");
            assertThat(f.end() - f.start()).isEqualTo(key.length());
        });
    }

    @Test
    void findsNothingInPlainText() {
        assertThat(SecretScrubber.standard().find("maxTokens 300, a secretary")).isEmpty();
    }
}
