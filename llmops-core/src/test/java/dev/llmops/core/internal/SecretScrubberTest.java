package dev.llmops.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class SecretScrubberTest {
    private static final SecretScrubber SCRUBBER = SecretScrubber.standard();

    static Stream<Arguments> keyShapes() {
        return Stream.of(
                Arguments.of("sk-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4", "[REDACTED:openai-key]"),
                Arguments.of("sk-proj-" + "Ab12Cd34Ef56Gh78Ij90Kl12Mn34_op-QR", "[REDACTED:openai-key]"),
                Arguments.of("sk-ant-api03-" + "Zy98Xw76Vu54Ts32Rq10Po98Nm76", "[REDACTED:anthropic-key]"),
                Arguments.of("AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6q", "[REDACTED:google-key]"),
                Arguments.of("AKIA" + "IOSFODNN7EXAMPLE", "[REDACTED:aws-key]"),
                Arguments.of("ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "[REDACTED:github-token]"),
                Arguments.of("github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnop", "[REDACTED:github-token]"),
                Arguments.of("xoxb-" + "1234567890-abcdefghij", "[REDACTED:slack-token]"),
                Arguments.of("eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                        "[REDACTED:jwt]"));
    }

    @ParameterizedTest
    @MethodSource("keyShapes")
    void replacesEveryKnownKeyShapeInsideText(String secret, String placeholder) {
        String scrubbed = SCRUBBER.scrub("use " + secret + " for this call");

        assertThat(scrubbed).isEqualTo("use " + placeholder + " for this call");
    }

    @Test
    void keepsTheSchemeOfABearerToken() {
        assertThat(SCRUBBER.scrub("Authorization: Bearer abc.DEF-ghi_jkl~mno+pqr/stu=="))
                .isEqualTo("Authorization: Bearer [REDACTED]");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "The task-management tool is risk-free and ask-me-anything friendly.",
            "The bearer of bad news arrived.",
            "maxTokens=300, skip the AKIA prefix, eyJ alone is not a token",
            "sk-short",
            "A plain sentence with numbers 1234567890 and words."})
    void leavesOrdinaryTextUntouched(String text) {
        assertThat(SCRUBBER.scrub(text)).isEqualTo(text);
    }

    @Test
    void replacesARegisteredLiteralWhereverItOccurs() {
        SecretScrubber scrubber = SCRUBBER.withLiterals(List.of("hunter2-secret"));

        assertThat(scrubber.scrub("password hunter2-secret, again:hunter2-secret."))
                .isEqualTo("password [REDACTED], again:[REDACTED].");
    }

    @Test
    void replacesTheLongerOfTwoOverlappingLiteralsWhole() {
        SecretScrubber scrubber = SCRUBBER.withLiterals(List.of("abcdef", "abcdefghij"));

        assertThat(scrubber.scrub("x abcdefghij y")).isEqualTo("x [REDACTED] y");
    }

    @Test
    void rejectsALiteralTooShortToRedactSafely() {
        assertThatThrownBy(() -> SCRUBBER.withLiterals(List.of("abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 characters")
                .hasMessageContaining("at least " + SecretScrubber.MIN_LITERAL_LENGTH);
    }

    @Test
    void scrubbingTwiceChangesNothingMore() {
        String text = "Bearer abcdefghijklmnopqrstuvwxyz key sk-ant-api03-Zy98Xw76Vu54Ts32Rq10Po98Nm76 "
                + "and AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6q";
        String once = SCRUBBER.scrub(text);

        assertThat(SCRUBBER.scrub(once)).isEqualTo(once);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "x-api-key", "X-Api-Key", "api_key", "apiKey", "APIKEY",
            "OPENAI_API_KEY", "token", "access_token", "refreshToken", "client.secret", "password", "db-passwd",
            "Cookie", "private_key", "credentials"})
    void recognisesCredentialNames(String key) {
        assertThat(SecretScrubber.isCredentialKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxTokens", "inputTokens", "cachedInputTokens", "secretary", "keyboard", "model",
            "prompt.name", "monkey", "api", "passage"})
    void leavesOtherNamesAlone(String key) {
        assertThat(SecretScrubber.isCredentialKey(key)).isFalse();
    }

    @Test
    void redactsTheValueOfCredentialNamedPropertiesAtAnyDepth() {
        JsonNode node = Json.MAPPER.readTree("""
                {"options":{"maxTokens":5,"metadata":{"Authorization":"Basic dXNlcjpwYXNz","x-api-key":"k","team":"search"}},
                 "headers":[{"token":{"nested":"value"}}]}""");

        JsonNode scrubbed = SCRUBBER.scrub(node);

        assertThat(scrubbed.toString()).isEqualTo("""
                {"options":{"maxTokens":5,"metadata":{"Authorization":"[REDACTED]","x-api-key":"[REDACTED]","team":"search"}},\
                "headers":[{"token":"[REDACTED]"}]}""");
    }

    @Test
    void scrubsStringsInsideJsonAndLeavesTheInputUnchanged() {
        JsonNode node = Json.MAPPER.readTree("""
                {"messages":[{"text":"my key is sk-A1b2C3d4E5f6G7h8I9j0K1l2M3n4"}],"count":3,"flag":true,"none":null}""");
        String before = node.toString();

        JsonNode scrubbed = SCRUBBER.scrub(node);

        assertThat(scrubbed.toString()).isEqualTo("""
                {"messages":[{"text":"my key is [REDACTED:openai-key]"}],"count":3,"flag":true,"none":null}""");
        assertThat(node.toString()).isEqualTo(before);
    }

    @Test
    void scrubsRegisteredLiteralsInsideJson() {
        SecretScrubber scrubber = SCRUBBER.withLiterals(List.of("my-local-key-42"));
        JsonNode node = Json.MAPPER.readTree("{\"url\":\"https://example.com/v1?key=my-local-key-42\"}");

        assertThat(scrubber.scrub(node).get("url").stringValue()).isEqualTo("https://example.com/v1?key=[REDACTED]");
    }
}
