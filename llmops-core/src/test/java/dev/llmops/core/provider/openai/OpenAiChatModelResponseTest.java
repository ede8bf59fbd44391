package dev.llmops.core.provider.openai;

import static dev.llmops.core.provider.openai.MockOpenAi.completion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How {@link OpenAiChatModel} reads a non-streamed chat completion. */
class OpenAiChatModelResponseTest {
    @RegisterExtension
    final MockOpenAi server = new MockOpenAi();

    private ChatResponse answer(String json) {
        server.enqueueJson(json);
        return server.chat().build().chat("Hi");
    }

    private static String withFinish(String reason) {
        return completion("partial").replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"" + reason + "\"");
    }

    @Test
    void readsTheText() {
        assertThat(answer(completion("Hello there, how may I assist you today?")).text())
                .isEqualTo("Hello there, how may I assist you today?");
    }

    @Test
    void readsTheModelIdAndProvider() {
        ChatResponse response = answer(completion("hi"));
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.id()).isEqualTo("chatcmpl-123");
        assertThat(response.provider()).isEqualTo("openai");
    }

    @Test
    void reportsTheConfiguredProviderName() {
        server.enqueueJson(completion("hi"));
        assertThat(server.chat().providerName("vllm").build().chat("Hi").provider()).isEqualTo("vllm");
    }

    @Test
    void readsUsageWithCachedTokens() {
        String json = completion("hi").replace("\"cached_tokens\":0", "\"cached_tokens\":12");
        assertThat(answer(json).usage()).isEqualTo(new Usage(19, 10, 12));
    }

    @Test
    void missingUsageIsZero() {
        assertThat(answer("""
                {"id":"x","model":"llama3.2","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}
                """).usage()).isEqualTo(Usage.ZERO);
    }

    @Test
    void missingModelFallsBackToTheRequestedModel() {
        assertThat(answer("""
                {"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}
                """).model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void readsToolCalls() {
        ChatResponse response = answer("""
                {"id":"chatcmpl-abc","object":"chat.completion","model":"gpt-4o","choices":[{"index":0,
                  "message":{"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"time","arguments":"{}"}}]},
                  "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}
                """);
        assertThat(response.message().toolCalls()).containsExactly(
                new ToolCall("call_1", "weather", "{\"city\":\"Paris\"}"), new ToolCall("call_2", "time", "{}"));
        assertThat(response.text()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void mapsFinishReasonStop() {
        assertThat(answer(withFinish("stop")).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void mapsFinishReasonLength() {
        assertThat(answer(withFinish("length")).finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void mapsFinishReasonToolCalls() {
        assertThat(answer(withFinish("tool_calls")).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void mapsAnUnknownFinishReasonToOther() {
        assertThat(answer(withFinish("eos_token")).finishReason()).isEqualTo(FinishReason.OTHER);
    }

    @Test
    void contentFilterFinishThrowsContentFiltered() {
        server.enqueueJson(withFinish("content_filter"));
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOfSatisfying(ContentFilteredException.class, e -> {
                    assertThat(e.errorCode()).contains("content_filter");
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageContaining("content filter");
    }

    @Test
    void malformedJsonThrowsParseExceptionKeepingTheRawText() {
        server.enqueueJson("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":");
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> {
                    assertThat(e.rawText()).isEqualTo("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":");
                    assertThat(e.statusCode()).isEqualTo(200);
                })
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aBodyWithoutChoicesThrowsParseException() {
        server.enqueueJson("{\"id\":\"x\",\"choices\":[]}");
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).contains("\"choices\":[]"))
                .hasMessageContaining("no choices");
    }

    @Test
    void measuresLatencyWithTheClock() {
        server.enqueueJson(completion("hi"));
        ChatResponse response = server.chat().clock(MockProviderServer.ticking(Duration.ofMillis(250))).build().chat("Hi");
        assertThat(response.latency()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aRefusalIsTheAnswerText() {
        assertThat(answer("""
                {"id":"chatcmpl-r","model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":null,
                  "refusal":"I'm sorry, I cannot assist with that request."},"finish_reason":"stop"}]}
                """).text()).isEqualTo("I'm sorry, I cannot assist with that request.");
    }

    @Test
    void readsOnlyTheFirstChoiceAndSkipsUnknownFieldsOfAnyShape() {
        ChatResponse response = answer("""
                {"id":"c-2","object":"chat.completion","extra":{"nested":[1,{"deep":[true,null]}]},"model":"m-1",
                 "choices":[{"index":0,"logprobs":{"content":[{"token":"a","bytes":[97]}]},"message":{"role":"assistant",
                   "content":"first","annotations":[{"type":"url_citation"}]},"finish_reason":"stop"},
                  {"index":1,"message":{"role":"assistant","content":"second"},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":7,"completion_tokens":3,"completion_tokens_details":{"reasoning_tokens":1}},
                 "system_fingerprint":"fp"}
                """);
        assertThat(response.text()).isEqualTo("first");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.model()).isEqualTo("m-1");
        assertThat(response.usage()).isEqualTo(new Usage(7, 3, 0));
    }

    @Test
    void toolCallArgumentsSentAsAnObjectAreKeptAsJsonText() {
        ChatResponse response = answer("""
                {"id":"c-3","choices":[{"message":{"role":"assistant","content":null,"tool_calls":[
                  {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":{"city":"Paris","days":[1,2]}}}]},
                  "finish_reason":"tool_calls"}]}
                """);
        assertThat(response.message().toolCalls())
                .containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\",\"days\":[1,2]}"));
    }

    @Test
    void tokenCountsSentAsTextAreRead() {
        assertThat(answer("""
                {"id":"c-4","choices":[{"message":{"content":"ok"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":"11","completion_tokens":2,"prompt_tokens_details":{"cached_tokens":"4"}}}
                """).usage()).isEqualTo(new Usage(11, 2, 4));
    }

    @Test
    void aToolCallWithoutAFunctionNameThrowsParseException() {
        server.enqueueJson("""
                {"id":"c-5","choices":[{"message":{"content":null,"tool_calls":[{"id":"call_1","function":{"arguments":"{}"}}]},
                  "finish_reason":"tool_calls"}]}
                """);
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("without a function name");
    }

    @Test
    void aChoiceWithoutAMessageObjectThrowsParseException() {
        server.enqueueJson("{\"id\":\"c-6\",\"choices\":[{\"message\":\"hello\",\"finish_reason\":\"stop\"}]}");
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("no choices[0].message");
    }

    @Test
    void aFirstChoiceThatIsNotAnObjectThrowsParseException() {
        server.enqueueJson("{\"id\":\"c-8\",\"choices\":[\"x\",{\"message\":{\"content\":\"second\"}}]}");
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("no choices[0].message");
    }

    @Test
    void choicesThatAreNotAnArrayThrowParseException() {
        server.enqueueJson("{\"id\":\"c-7\",\"choices\":{\"message\":{\"content\":\"hi\"}}}");
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("no choices");
    }

    @Test
    void aJsonArrayBodyThrowsParseExceptionKeepingTheRawText() {
        server.enqueueJson("[{\"choices\":[]}]");
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo("[{\"choices\":[]}]"))
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void contentAfterTheObjectThrowsParseException() {
        server.enqueueJson(completion("hi") + "{\"second\":true}");
        assertThatThrownBy(() -> server.chat().build().chat("Hi"))
                .isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void nonAsciiTextSurvivesTheByteLevelParse() {
        String text = "Grüße, 東京 \uD83D\uDE00 \"quoted\" back\\slash";
        assertThat(answer(completion(text)).text()).isEqualTo(text);
    }
}
