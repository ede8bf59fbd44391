package dev.llmops.core.provider.gemini;

import static dev.llmops.core.provider.gemini.MockGemini.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link GeminiChatModel#chat} reads a {@code GenerateContentResponse}. */
class GeminiChatModelResponseTest {
    @RegisterExtension
    final MockGemini server = new MockGemini();

    private ChatResponse answer(String body) {
        server.enqueueJson(body);
        return server.chat().build().chat("Hi");
    }

    private static String candidate(String parts, String finishReason, String extra) {
        return "{\"candidates\":[{\"content\":{\"parts\":" + parts + ",\"role\":\"model\"},\"finishReason\":\"" + finishReason
                + "\",\"index\":0" + extra + "}],\"usageMetadata\":{\"promptTokenCount\":70,\"candidatesTokenCount\":20,"
                + "\"totalTokenCount\":90},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r-2\"}";
    }

    @Test
    void readsTextUsageModelVersionAndResponseId() {
        ChatResponse response = answer(response("A vector index finds nearest neighbours."));
        assertThat(response.text()).isEqualTo("A vector index finds nearest neighbours.");
        assertThat(response.usage()).isEqualTo(Usage.of(8, 12));
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.id()).isEqualTo("mcpWaPqPGIuo1dkP8o6kgQ4");
        assertThat(response.provider()).isEqualTo("gemini");
    }

    @Test
    void joinsSeveralTextPartsAndSkipsThoughtSummaries() {
        ChatResponse response = answer(candidate("[{\"text\":\"Let me think about vectors\",\"thought\":true},"
                + "{\"text\":\"Hello, \"},{\"text\":\"world\"}]", "STOP", ""));
        assertThat(response.text()).isEqualTo("Hello, world");
    }

    @Test
    void thinkingTokensCountAsOutputAndCachedTokensAsPartOfInput() {
        ChatResponse response = answer("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"42\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1000,\"candidatesTokenCount\":5,"
                + "\"thoughtsTokenCount\":300,\"cachedContentTokenCount\":800,\"totalTokenCount\":1305}}");
        assertThat(response.usage()).isEqualTo(new Usage(1000, 305, 800));
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.id()).isEmpty();
    }

    @Test
    void parallelFunctionCallsBecomeToolCallsWithGeneratedIds() {
        ChatResponse response = answer(candidate("[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}},"
                + "\"thoughtSignature\":\"CiQBsig==\"},{\"functionCall\":{\"name\":\"time\",\"args\":{}}},"
                + "{\"functionCall\":{\"name\":\"weather\"}}]", "STOP", ""));
        assertThat(response.message().toolCalls()).extracting(ToolCall::name, ToolCall::arguments).containsExactly(
                org.assertj.core.groups.Tuple.tuple("weather", "{\"city\":\"Paris\"}"),
                org.assertj.core.groups.Tuple.tuple("time", "{}"),
                org.assertj.core.groups.Tuple.tuple("weather", "{}"));
        String first = response.message().toolCalls().get(0).id();
        assertThat(first).matches("call_[0-9a-f]{24}#ts:CiQBsig==");
        assertThat(ToolCallIds.wireId(first)).isNull();
        assertThat(ToolCallIds.signature(first)).isEqualTo("CiQBsig==");
        assertThat(response.message().toolCalls().get(1).id()).matches("call_[0-9a-f]{24}");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void aFunctionCallIdFromGeminiIsKept() {
        ChatResponse response = answer(candidate("[{\"functionCall\":{\"id\":\"fc-1\",\"name\":\"weather\",\"args\":{\"city\":\"Oslo\"}}}]",
                "STOP", ""));
        assertThat(response.message().toolCalls()).containsExactly(new ToolCall("fc-1", "weather", "{\"city\":\"Oslo\"}"));
    }

    @ParameterizedTest
    @CsvSource({"STOP, STOP", "MAX_TOKENS, LENGTH", "MALFORMED_FUNCTION_CALL, OTHER", "OTHER, OTHER", "LANGUAGE, OTHER"})
    void mapsFinishReasons(String reason, FinishReason expected) {
        assertThat(answer(candidate("[{\"text\":\"x\"}]", reason, "")).finishReason()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII"})
    void filteredFinishReasonsThrowNamingReasonAndCategory(String reason) {
        String ratings = ",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"probability\":\"NEGLIGIBLE\"},"
                + "{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"probability\":\"HIGH\",\"blocked\":true}]";
        assertThatThrownBy(() -> answer(candidate("[{\"text\":\"\"}]", reason, ratings)))
                .isInstanceOfSatisfying(ContentFilteredException.class, e -> {
                    assertThat(e.errorCode()).contains(reason);
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageContaining("finishReason " + reason)
                .hasMessageContaining("HARM_CATEGORY_DANGEROUS_CONTENT HIGH")
                .message().doesNotContain("HARM_CATEGORY_HARASSMENT");
    }

    @Test
    void aBlockedPromptThrowsNamingBlockReasonAndCategory() {
        assertThatThrownBy(() -> answer("{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":["
                + "{\"category\":\"HARM_CATEGORY_SEXUALLY_EXPLICIT\",\"probability\":\"NEGLIGIBLE\"},"
                + "{\"category\":\"HARM_CATEGORY_HATE_SPEECH\",\"probability\":\"MEDIUM\"}]},"
                + "\"usageMetadata\":{\"promptTokenCount\":7,\"totalTokenCount\":7},\"modelVersion\":\"gemini-2.5-flash\"}"))
                .isInstanceOfSatisfying(ContentFilteredException.class, e -> assertThat(e.errorCode()).contains("SAFETY"))
                .hasMessageContaining("blocked the prompt (blockReason SAFETY, category HARM_CATEGORY_HATE_SPEECH MEDIUM)");
    }

    @Test
    void noCandidatesAndNoBlockReasonIsAParseError() {
        assertThatThrownBy(() -> answer("{\"usageMetadata\":{\"promptTokenCount\":7}}"))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).contains("promptTokenCount"))
                .hasMessageContaining("no candidates");
    }

    @Test
    void malformedJsonKeepsTheRawBody() {
        assertThatThrownBy(() -> answer("{\"candidates\":[{"))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo("{\"candidates\":[{"));
    }

    @Test
    void aFunctionCallWithoutNameIsAParseError() {
        assertThatThrownBy(() -> answer(candidate("[{\"functionCall\":{\"args\":{}}}]", "STOP", "")))
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("functionCall without a name");
    }
}
