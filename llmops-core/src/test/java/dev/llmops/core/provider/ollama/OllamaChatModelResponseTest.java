package dev.llmops.core.provider.ollama;

import static dev.llmops.core.provider.ollama.MockOllama.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@link OllamaChatModel#chat} reads non-streamed {@code /api/chat} responses. */
class OllamaChatModelResponseTest {
    @RegisterExtension
    final MockOllama server = new MockOllama();

    private ChatResponse answer(String body) {
        server.enqueueJson(body);
        return server.chat().build().chat("Hi");
    }

    @Test
    void readsTextUsageModelAndFinishReason() {
        ChatResponse response = answer(response("The sky is blue because of Rayleigh scattering."));
        assertThat(response.text()).isEqualTo("The sky is blue because of Rayleigh scattering.");
        assertThat(response.usage()).isEqualTo(Usage.of(26, 298));
        assertThat(response.model()).isEqualTo("llama3.2");
        assertThat(response.provider()).isEqualTo("ollama");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.id()).isEmpty();
        assertThat(response.message().hasToolCalls()).isFalse();
    }

    @Test
    void toolCallArgumentsObjectsBecomeJsonTextAndMissingIdsAreGenerated() {
        ChatResponse response = answer("""
                {"model":"llama3.2","created_at":"2024-07-22T20:33:28.123648Z",
                 "message":{"role":"assistant","content":"","tool_calls":[
                   {"function":{"name":"get_current_weather","arguments":{"format":"celsius","location":"Paris, FR"}}},
                   {"function":{"name":"get_time","arguments":{}}}]},
                 "done_reason":"stop","done":true,"prompt_eval_count":217,"eval_count":48}
                """);
        assertThat(response.message().toolCalls()).hasSize(2);
        ToolCall first = response.message().toolCalls().get(0);
        assertThat(first.name()).isEqualTo("get_current_weather");
        assertThat(first.arguments()).isEqualTo("{\"format\":\"celsius\",\"location\":\"Paris, FR\"}");
        assertThat(first.id()).matches("call_[0-9a-f]{24}");
        assertThat(response.message().toolCalls().get(1).arguments()).isEqualTo("{}");
        assertThat(response.message().toolCalls().get(1).id()).isNotEqualTo(first.id());
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.usage()).isEqualTo(Usage.of(217, 48));
    }

    @Test
    void aToolCallIdSentByTheServerIsKept() {
        ChatResponse response = answer("{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"id\":\"call_x1\",\"function\":{\"index\":0,\"name\":\"weather\",\"arguments\":{\"city\":\"Oslo\"}}}]},"
                + "\"done_reason\":\"stop\",\"done\":true}");
        assertThat(response.message().toolCalls()).containsExactly(new ToolCall("call_x1", "weather", "{\"city\":\"Oslo\"}"));
    }

    @ParameterizedTest
    @CsvSource({"stop, STOP", "length, LENGTH", "load, OTHER", "unload, OTHER"})
    void mapsDoneReason(String reason, FinishReason expected) {
        String body = response("x").replace("\"done_reason\":\"stop\"", "\"done_reason\":\"" + reason + "\"");
        assertThat(answer(body).finishReason()).isEqualTo(expected);
    }

    @Test
    void thinkingIsNotPartOfTheText() {
        ChatResponse response = answer("{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"4\","
                + "\"thinking\":\"2 plus 2 is 4\"},\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":12,\"eval_count\":30}");
        assertThat(response.text()).isEqualTo("4");
        assertThat(response.usage()).isEqualTo(Usage.of(12, 30));
    }

    @Test
    void missingCountsAreZeroUsage() {
        // Ollama leaves prompt_eval_count out when the whole prompt came from its cache.
        assertThat(answer("{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":true}").usage())
                .isEqualTo(Usage.ZERO);
    }

    @Test
    void theRequestedModelIsReportedWhenTheBodyNamesNone() {
        assertThat(answer("{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done_reason\":\"stop\",\"done\":true}").model())
                .isEqualTo("llama3.2");
    }

    @Test
    void malformedJsonKeepsTheRawBody() {
        assertThatThrownBy(() -> answer("{\"model\":\"llama3.2\",\"message\":"))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> {
                    assertThat(e.rawText()).isEqualTo("{\"model\":\"llama3.2\",\"message\":");
                    assertThat(e.isRetryable()).isTrue();
                })
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aBodyWithoutMessageIsAParseError() {
        assertThatThrownBy(() -> answer("{\"model\":\"llama3.2\",\"done\":true}"))
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("has no message");
    }

    @Test
    void aToolCallWithoutNameIsAParseError() {
        assertThatThrownBy(() -> answer("{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"function\":{\"arguments\":{}}}]},\"done\":true}"))
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("without a function name");
    }

    @Test
    void anErrorInASuccessfulBodyIsThrown() {
        assertThatThrownBy(() -> answer("{\"error\":\"an unknown error was encountered while running the model\"}"))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("an unknown error was encountered while running the model");
    }

    @Test
    void latencyIsMeasuredWithTheClock() {
        Clock ticking = MockProviderServer.ticking(Duration.ofMillis(1250));
        server.enqueueJson(response("Hi"));
        assertThat(server.chat().clock(ticking).build().chat("Hi").latency()).isEqualTo(Duration.ofMillis(1250));
    }
}
