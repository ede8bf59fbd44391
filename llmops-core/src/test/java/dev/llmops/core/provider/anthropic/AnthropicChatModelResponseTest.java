package dev.llmops.core.provider.anthropic;

import static dev.llmops.core.provider.anthropic.MockAnthropic.message;
import static dev.llmops.core.provider.anthropic.MockAnthropic.textBlock;
import static dev.llmops.core.provider.anthropic.MockAnthropic.toolUseBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolSpec;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@link AnthropicChatModel#chat} reads a message: content blocks, stop reason, usage, ids, failures. */
class AnthropicChatModelResponseTest {
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"spam\":{\"type\":\"boolean\"}},\"required\":[\"spam\"]}";

    @RegisterExtension
    final MockAnthropic server = new MockAnthropic();

    private ChatResponse answer(String body) {
        server.enqueueJson(body);
        return server.chat().build().chat("Hi");
    }

    @Test
    void readsTheText() {
        assertThat(answer(message("Hello! How can I help?")).text()).isEqualTo("Hello! How can I help?");
    }

    @Test
    void joinsSeveralTextBlocks() {
        assertThat(answer(message(textBlock("Part one. ") + "," + textBlock("Part two."), "end_turn")).text())
                .isEqualTo("Part one. Part two.");
    }

    @Test
    void readsTheModelIdAndProvider() {
        ChatResponse response = answer(message("Hi"));
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(response.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(response.provider()).isEqualTo("anthropic");
    }

    @Test
    void reportsTheConfiguredProviderName() {
        server.enqueueJson(message("Hi"));
        assertThat(server.chat().providerName("claude-proxy").build().chat("Hi").provider()).isEqualTo("claude-proxy");
    }

    @Test
    void readsUsage() {
        assertThat(answer(message("Hi")).usage()).isEqualTo(Usage.of(2095, 503));
    }

    @Test
    void inputTokensIncludeCacheWritesAndReadsAndCachedInputIsTheReads() {
        String body = message("Hi").replace("\"input_tokens\":2095,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0",
                "\"input_tokens\":50,\"cache_creation_input_tokens\":1000,\"cache_read_input_tokens\":3000");
        assertThat(answer(body).usage()).isEqualTo(new Usage(4050, 503, 3000));
    }

    @Test
    void missingUsageIsZero() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[" + textBlock("Hi") + "],\"stop_reason\":\"end_turn\"}";
        assertThat(answer(body).usage()).isEqualTo(Usage.ZERO);
    }

    @Test
    void missingModelFallsBackToTheRequestedModel() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[" + textBlock("Hi")
                + "],\"stop_reason\":\"end_turn\"}";
        assertThat(answer(body).model()).isEqualTo(MockAnthropic.MODEL);
    }

    @Test
    void readsToolUseBlocksAsToolCallsWithTheInputAsArguments() {
        ChatResponse response = answer(message(textBlock("I'll check both.") + ","
                + toolUseBlock("toolu_01A", "weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}") + ","
                + toolUseBlock("toolu_01B", "time", "{}"), "tool_use"));
        assertThat(response.text()).isEqualTo("I'll check both.");
        assertThat(response.message().toolCalls()).containsExactly(
                new ToolCall("toolu_01A", "weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                new ToolCall("toolu_01B", "time", "{}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void ignoresThinkingBlocks() {
        ChatResponse response = answer(message("{\"type\":\"thinking\",\"thinking\":\"Let me think...\",\"signature\":\"EqQBCgIYAh\"},"
                + "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix\"}," + textBlock("42"), "end_turn"));
        assertThat(response.text()).isEqualTo("42");
        assertThat(response.message().toolCalls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"end_turn, STOP", "stop_sequence, STOP", "max_tokens, LENGTH", "tool_use, TOOL_CALLS", "pause_turn, OTHER"})
    void mapsTheStopReason(String stopReason, FinishReason expected) {
        assertThat(answer(message(textBlock("Hi"), stopReason)).finishReason()).isEqualTo(expected);
    }

    @Test
    void aNullStopReasonIsOther() {
        assertThat(answer(message(textBlock("Hi"), null)).finishReason()).isEqualTo(FinishReason.OTHER);
    }

    @Test
    void aRefusalThrowsContentFiltered() {
        assertThatThrownBy(() -> answer(message(textBlock(""), "refusal")))
                .isInstanceOfSatisfying(ContentFilteredException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.errorCode()).contains("refusal");
                    assertThat(e.statusCode()).isEqualTo(200);
                })
                .hasMessageContaining("refused").hasMessageContaining("claude-sonnet-4-5-20250929");
    }

    @Test
    void theSchemaToolsInputBecomesTheTextAndItsStopReadsAsStop() {
        server.enqueueJson(message(toolUseBlock("toolu_1", "Verdict", "{\"spam\":true}"), "tool_use"));
        ChatResponse response = server.chat().build().chat(ChatRequest.of("Spam?")
                .withOptions(ChatOptions.defaults().withResponseFormat(ResponseFormat.jsonSchema("Verdict", SCHEMA, true))));
        assertThat(response.text()).isEqualTo("{\"spam\":true}");
        assertThat(response.message().toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void otherToolCallsNextToTheSchemaToolStayToolCalls() {
        server.enqueueJson(message(toolUseBlock("toolu_1", "weather", "{\"city\":\"Oslo\"}"), "tool_use"));
        ChatResponse response = server.chat().build().chat(ChatRequest.of("Spam?").withOptions(ChatOptions.defaults()
                .withTools(List.of(ToolSpec.of("weather", "", "{\"type\":\"object\"}")))
                .withResponseFormat(ResponseFormat.jsonSchema("Verdict", SCHEMA, true))));
        assertThat(response.message().toolCalls()).containsExactly(new ToolCall("toolu_1", "weather", "{\"city\":\"Oslo\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.text()).isEmpty();
    }

    @Test
    void withoutASchemaAToolNamedLikeOneStaysAToolCall() {
        ChatResponse response = answer(message(toolUseBlock("toolu_1", "Verdict", "{\"spam\":true}"), "tool_use"));
        assertThat(response.message().toolCalls()).hasSize(1);
        assertThat(response.text()).isEmpty();
    }

    @Test
    void malformedJsonThrowsParseExceptionKeepingTheRawText() {
        String body = "{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"text\":\"Hel";
        assertThatThrownBy(() -> answer(body))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> {
                    assertThat(e.rawText()).isEqualTo(body);
                    assertThat(e.statusCode()).isEqualTo(200);
                    assertThat(e.provider()).isEqualTo("anthropic");
                })
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aBodyThatIsNotAnObjectThrowsParseException() {
        assertThatThrownBy(() -> answer("[1,2,3]"))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo("[1,2,3]"))
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void aBodyWithoutContentThrowsParseException() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"stop_reason\":\"end_turn\"}";
        assertThatThrownBy(() -> answer(body))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo(body))
                .hasMessageContaining("no content array");
    }

    @Test
    void aToolUseBlockWithoutANameThrowsParseException() {
        assertThatThrownBy(() -> answer(message("{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"input\":{}}", "tool_use")))
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("without a name");
    }

    @Test
    void measuresLatencyWithTheClock() {
        Clock ticking = MockProviderServer.ticking(Duration.ofMillis(250));
        server.enqueueJson(message("hi"));
        assertThat(server.chat().clock(ticking).build().chat("Hi").latency()).isEqualTo(Duration.ofMillis(250));
    }
}
