package dev.llmops.core.provider.anthropic;

import static dev.llmops.core.provider.anthropic.MockAnthropic.MESSAGE_STOP;
import static dev.llmops.core.provider.anthropic.MockAnthropic.PING;
import static dev.llmops.core.provider.anthropic.MockAnthropic.blockStop;
import static dev.llmops.core.provider.anthropic.MockAnthropic.event;
import static dev.llmops.core.provider.anthropic.MockAnthropic.jsonDelta;
import static dev.llmops.core.provider.anthropic.MockAnthropic.messageDelta;
import static dev.llmops.core.provider.anthropic.MockAnthropic.messageStart;
import static dev.llmops.core.provider.anthropic.MockAnthropic.textDelta;
import static dev.llmops.core.provider.anthropic.MockAnthropic.textStart;
import static dev.llmops.core.provider.anthropic.MockAnthropic.toolStart;
import static dev.llmops.core.internal.http.MockProviderServer.completed;
import static dev.llmops.core.internal.http.MockProviderServer.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.ResponseFormat;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How {@link AnthropicChatModel#stream} reads the Messages API's server-sent events. */
class AnthropicChatModelStreamTest {
    @RegisterExtension
    final MockAnthropic server = new MockAnthropic();

    private List<StreamEvent> events(String sse) {
        return events(sse, ChatRequest.of("Hi"));
    }

    private List<StreamEvent> events(String sse, ChatRequest request) {
        server.enqueueSse(sse);
        return drain(server.chat().build().stream(request));
    }

    private static String text(String... pieces) {
        StringBuilder sse = new StringBuilder(messageStart(25)).append(textStart(0)).append(PING);
        for (String piece : pieces) {
            sse.append(textDelta(0, piece));
        }
        return sse.append(blockStop(0)).append(messageDelta("end_turn", 15)).append(MESSAGE_STOP).toString();
    }

    @Test
    void emitsTextDeltasThenTheAssembledResponse() {
        List<StreamEvent> events = events(text("Hel", "lo"));
        assertThat(events).hasSize(3);
        assertThat(events.subList(0, 2)).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo("Hello");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(response.id()).isEqualTo("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
        assertThat(response.provider()).isEqualTo("anthropic");
    }

    @Test
    void readsInputUsageFromMessageStartAndOutputUsageFromMessageDelta() {
        assertThat(completed(events(text("Hi"))).usage()).isEqualTo(Usage.of(25, 15));
    }

    @Test
    void countsCacheWritesAndReadsAsInputAndReadsAsCached() {
        String start = messageStart(25).replace("\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0",
                "\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":2000");
        String sse = start + textStart(0) + textDelta(0, "Hi") + blockStop(0) + messageDelta("end_turn", 3) + MESSAGE_STOP;
        assertThat(completed(events(sse)).usage()).isEqualTo(new Usage(2125, 3, 2000));
    }

    @Test
    void assemblesAThousandDeltas() {
        List<String> pieces = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String piece = "w" + i + (i % 7 == 0 ? "\n" : " ");
            pieces.add(piece);
            expected.append(piece);
        }
        String sse = messageStart(5) + textStart(0) + String.join("", pieces.stream().map(p -> textDelta(0, p)).toList())
                + blockStop(0) + messageDelta("max_tokens", 1000) + MESSAGE_STOP;
        List<StreamEvent> events = events(sse);
        assertThat(events).hasSize(1001);
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo(expected.toString());
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage()).isEqualTo(Usage.of(5, 1000));
    }

    @Test
    void ignoresPingsBlockStopsThinkingAndUnknownEvents() {
        String sse = messageStart(5) + PING
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm.\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQB\"}}")
                + blockStop(0) + textStart(1) + textDelta(1, "A") + PING + textDelta(1, "B") + blockStop(1)
                + event("some_future_event", "{\"type\":\"some_future_event\"}")
                + messageDelta("end_turn", 4) + MESSAGE_STOP;
        List<StreamEvent> events = events(sse);
        assertThat(events).hasSize(3);
        assertThat(completed(events).text()).isEqualTo("AB");
    }

    @Test
    void toleratesCrLfLineEndings() {
        assertThat(completed(events(text("A", "B").replace("\n", "\r\n"))).text()).isEqualTo("AB");
    }

    @Test
    void emitsAToolCallDeltaWithIdAndNameWhenAToolUseBlockStarts() {
        String sse = messageStart(40) + textStart(0) + textDelta(0, "Checking.") + blockStop(0)
                + toolStart(1, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "weather") + jsonDelta(1, "") + jsonDelta(1, "{\"city\": ")
                + jsonDelta(1, "\"Paris\"}") + blockStop(1) + messageDelta("tool_use", 89) + MESSAGE_STOP;
        List<StreamEvent> events = events(sse);
        assertThat(events.subList(0, 5)).containsExactly(
                new StreamEvent.TextDelta("Checking."),
                new StreamEvent.ToolCallDelta(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "weather", ""),
                new StreamEvent.ToolCallDelta(0, null, null, ""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"city\": "),
                new StreamEvent.ToolCallDelta(0, null, null, "\"Paris\"}"));
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo("Checking.");
        assertThat(response.message().toolCalls())
                .containsExactly(new ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "weather", "{\"city\": \"Paris\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void assemblesInterleavedDeltasOfTwoToolUseBlocksByBlockIndex() {
        String sse = messageStart(80) + toolStart(0, "toolu_a", "weather") + toolStart(1, "toolu_b", "time")
                + jsonDelta(0, "{\"ci") + jsonDelta(1, "{\"tz\":") + jsonDelta(0, "ty\":\"Paris\"}") + jsonDelta(1, "\"CET\"}")
                + blockStop(0) + blockStop(1) + messageDelta("tool_use", 40) + MESSAGE_STOP;
        List<StreamEvent> events = events(sse);
        assertThat(events.subList(0, 6)).containsExactly(
                new StreamEvent.ToolCallDelta(0, "toolu_a", "weather", ""),
                new StreamEvent.ToolCallDelta(1, "toolu_b", "time", ""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"ci"),
                new StreamEvent.ToolCallDelta(1, null, null, "{\"tz\":"),
                new StreamEvent.ToolCallDelta(0, null, null, "ty\":\"Paris\"}"),
                new StreamEvent.ToolCallDelta(1, null, null, "\"CET\"}"));
        ChatResponse response = completed(events);
        assertThat(response.message().toolCalls()).containsExactly(
                new ToolCall("toolu_a", "weather", "{\"city\":\"Paris\"}"),
                new ToolCall("toolu_b", "time", "{\"tz\":\"CET\"}"));
        assertThat(response.text()).isEmpty();
        assertThat(response.usage()).isEqualTo(Usage.of(80, 40));
    }

    @Test
    void aToolCallWithoutInputDeltasHasEmptyObjectArguments() {
        String sse = messageStart(10) + toolStart(0, "toolu_c", "clock") + blockStop(0) + messageDelta("tool_use", 5) + MESSAGE_STOP;
        assertThat(completed(events(sse)).message().toolCalls()).containsExactly(new ToolCall("toolu_c", "clock", "{}"));
    }

    @Test
    void theSchemaToolsInputStreamsAsTextAndCompletesAsStop() {
        String schema = "{\"type\":\"object\",\"properties\":{\"spam\":{\"type\":\"boolean\"}}}";
        String sse = messageStart(30) + toolStart(0, "toolu_s", "Verdict") + jsonDelta(0, "{\"spam\":") + jsonDelta(0, "true}")
                + blockStop(0) + messageDelta("tool_use", 9) + MESSAGE_STOP;
        List<StreamEvent> events = events(sse, ChatRequest.of("Spam?")
                .withOptions(ChatOptions.defaults().withResponseFormat(ResponseFormat.jsonSchema("Verdict", schema, true))));
        assertThat(events.subList(0, 2)).containsExactly(new StreamEvent.TextDelta("{\"spam\":"), new StreamEvent.TextDelta("true}"));
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo("{\"spam\":true}");
        assertThat(response.message().toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void anInputDeltaForABlockThatIsNoToolUseThrowsParseException() {
        server.enqueueSse(messageStart(5) + textStart(0) + jsonDelta(0, "{") + MESSAGE_STOP);
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("content block 0");
    }

    @Test
    void aStreamCutMidWayThrowsParseExceptionWithTheRawTail() {
        server.enqueueSse(messageStart(5) + textStart(0) + textDelta(0, "Hel") + textDelta(0, "lo")
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"ind");
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("Hel"));
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("lo"));
        assertThatThrownBy(it::hasNext)
                .isInstanceOfSatisfying(ResponseParseException.class, e -> {
                    assertThat(e.rawText()).endsWith("\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}\n\n"
                            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"ind");
                    assertThat(e.isRetryable()).isTrue();
                })
                .hasMessageContaining("message_stop");
        stream.close();
    }

    @Test
    void aStreamEndingAfterMessageDeltaWithoutMessageStopStillFails() {
        server.enqueueSse(messageStart(5) + textStart(0) + textDelta(0, "Hi") + blockStop(0) + messageDelta("end_turn", 2));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("ended before message_stop");
    }

    @Test
    void aMalformedEventThrowsParseExceptionWithTheEventData() {
        server.enqueueSse(messageStart(5) + "event: content_block_delta\ndata: {not json}\n\n" + MESSAGE_STOP);
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo("{not json}"));
    }

    @Test
    void anOverloadedErrorEventMidStreamThrowsRetryableProviderUnavailable() {
        server.enqueueSse(messageStart(5) + textStart(0) + textDelta(0, "Hi")
                + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("Hi"));
        assertThatThrownBy(it::hasNext)
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.errorCode()).contains("overloaded_error");
                    assertThat(e.provider()).isEqualTo("anthropic");
                })
                .hasMessageContaining("Overloaded");
        stream.close();
    }

    @Test
    void anApiErrorEventIsRetryableUnavailable() {
        server.enqueueSse(messageStart(5)
                + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}"));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("Internal server error");
    }

    @Test
    void aRateLimitErrorEventIsRateLimited() {
        server.enqueueSse(messageStart(5)
                + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limited\"}}"));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void anInvalidRequestErrorEventIsNotRetryable() {
        server.enqueueSse(messageStart(5)
                + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}"));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.isRetryable()).isFalse());
    }

    @Test
    void aRefusalStopThrowsContentFiltered() {
        server.enqueueSse(messageStart(5) + textStart(0) + textDelta(0, "I") + blockStop(0) + messageDelta("refusal", 1) + MESSAGE_STOP);
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(ContentFilteredException.class);
    }

    @Test
    void anErrorStatusIsThrownByStreamLikeByChat() {
        server.enqueueJson(529, MockAnthropic.error("overloaded_error", "Overloaded"));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.statusCode()).isEqualTo(529))
                .hasMessageContaining("Overloaded");
    }

    @Test
    void closingFromAnotherThreadCancelsABlockedRead() throws Exception {
        server.enqueueStalling("text/event-stream", messageStart(5) + textStart(0) + textDelta(0, "first"));
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));
        assertThat(MockProviderServer.closeWhileReading(it, stream::close)).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void closingBeforeReadingEndsTheIteratorWithCancelled() {
        server.enqueueStalling("text/event-stream", messageStart(5));
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        stream.close();
        assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void aStalledStreamHitsTheReadTimeout() {
        server.enqueueStalling("text/event-stream", messageStart(5) + textStart(0) + textDelta(0, "first"));
        ChatStream stream = server.chat().readTimeout(Duration.ofMillis(200)).build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));
        assertThatThrownBy(it::hasNext).isInstanceOf(ProviderTimeoutException.class).hasMessageContaining("read timeout");
        stream.close();
    }
}
