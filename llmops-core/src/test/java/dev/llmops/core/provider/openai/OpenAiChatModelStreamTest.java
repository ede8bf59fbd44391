package dev.llmops.core.provider.openai;

import static dev.llmops.core.provider.openai.MockOpenAi.DONE;
import static dev.llmops.core.provider.openai.MockOpenAi.chunk;
import static dev.llmops.core.provider.openai.MockOpenAi.contentChunk;
import static dev.llmops.core.provider.openai.MockOpenAi.finishChunk;
import static dev.llmops.core.provider.openai.MockOpenAi.usageChunk;
import static dev.llmops.core.internal.http.MockProviderServer.completed;
import static dev.llmops.core.internal.http.MockProviderServer.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.MockProviderServer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How {@link OpenAiChatModel#stream} reads server-sent chat.completion.chunk events. */
class OpenAiChatModelStreamTest {
    @RegisterExtension
    final MockOpenAi server = new MockOpenAi();

    private List<StreamEvent> events(String sse) {
        server.enqueueSse(sse);
        return drain(server.chat().build().stream(ChatRequest.of("Hi")));
    }

    private static String roleChunk() {
        return chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}");
    }

    @Test
    void emitsTextDeltasThenTheAssembledResponse() {
        List<StreamEvent> events = events(roleChunk() + contentChunk("Hel") + contentChunk("lo") + finishChunk("stop") + DONE);
        assertThat(events).hasSize(3);
        assertThat(events.subList(0, 2)).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo("Hello");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.id()).isEqualTo("chatcmpl-9");
        assertThat(response.provider()).isEqualTo("openai");
    }

    @Test
    void assemblesAThousandChunks() {
        StringBuilder sse = new StringBuilder(roleChunk());
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String piece = "w" + i + (i % 7 == 0 ? "\n" : " ");
            sse.append(contentChunk(piece));
            expected.append(piece);
        }
        sse.append(finishChunk("length")).append(usageChunk(5, 1000, 0)).append(DONE);
        List<StreamEvent> events = events(sse.toString());
        assertThat(events).hasSize(1001);
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo(expected.toString());
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage()).isEqualTo(Usage.of(5, 1000));
    }

    @Test
    void readsUsageFromTheFinalUsageChunk() {
        ChatResponse response = completed(events(contentChunk("Hi") + finishChunk("stop") + usageChunk(19, 2, 8) + DONE));
        assertThat(response.usage()).isEqualTo(new Usage(19, 2, 8));
    }

    @Test
    void usageIsZeroWhenTheServerSendsNone() {
        assertThat(completed(events(contentChunk("Hi") + finishChunk("stop") + DONE)).usage()).isEqualTo(Usage.ZERO);
    }

    @Test
    void ignoresKeepAliveBlankLinesAndComments() {
        List<StreamEvent> events = events(": keep-alive\n\n\n" + contentChunk("A") + ": OPENROUTER PROCESSING\n\n\n\n"
                + contentChunk("B") + "\r\n" + finishChunk("stop") + ": ping\n" + DONE);
        assertThat(completed(events).text()).isEqualTo("AB");
        assertThat(events).hasSize(3);
    }

    @Test
    void toleratesChunksWithoutChoices() {
        String azurePromptFilter = "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n";
        assertThat(completed(events(azurePromptFilter + contentChunk("ok") + finishChunk("stop") + DONE)).text()).isEqualTo("ok");
    }

    @Test
    void assemblesInterleavedParallelToolCalls() {
        String sse = roleChunk()
                + chunk(toolDelta(0, "\"id\":\"call_a\",\"type\":\"function\",", "\"name\":\"weather\",\"arguments\":\"\""))
                + chunk(toolDelta(1, "\"id\":\"call_b\",\"type\":\"function\",", "\"name\":\"time\",\"arguments\":\"\""))
                + chunk(toolDelta(0, "", "\"arguments\":\"{\\\"ci\""))
                + chunk(toolDelta(1, "", "\"arguments\":\"{\\\"tz\\\":\""))
                + chunk(toolDelta(0, "", "\"arguments\":\"ty\\\":\\\"Paris\\\"}\""))
                + chunk(toolDelta(1, "", "\"arguments\":\"\\\"CET\\\"}\""))
                + finishChunk("tool_calls") + usageChunk(80, 40, 0) + DONE;
        List<StreamEvent> events = events(sse);
        assertThat(events.subList(0, 2)).containsExactly(
                new StreamEvent.ToolCallDelta(0, "call_a", "weather", ""),
                new StreamEvent.ToolCallDelta(1, "call_b", "time", ""));
        assertThat(events.get(2)).isEqualTo(new StreamEvent.ToolCallDelta(0, null, null, "{\"ci"));
        ChatResponse response = completed(events);
        assertThat(response.message().toolCalls()).containsExactly(
                new ToolCall("call_a", "weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_b", "time", "{\"tz\":\"CET\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.text()).isEmpty();
    }

    private static String toolDelta(int index, String head, String function) {
        return "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + index + "," + head + "\"function\":{" + function
                + "}}]},\"logprobs\":null,\"finish_reason\":null}";
    }

    @Test
    void aStreamCutBeforeDoneThrowsParseExceptionWithTheRawTail() {
        server.enqueueSse(contentChunk("Hel") + contentChunk("lo") + "data: {\"id\":\"chatcmpl-9\",\"choi");
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("Hel"));
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("lo"));
        assertThatThrownBy(it::hasNext)
                .isInstanceOfSatisfying(ResponseParseException.class, e -> {
                    assertThat(e.rawText()).endsWith("\"content\":\"lo\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                            + "data: {\"id\":\"chatcmpl-9\",\"choi");
                    assertThat(e.isRetryable()).isTrue();
                })
                .hasMessageContaining("[DONE]");
        stream.close();
    }

    @Test
    void aStreamEndingAfterFinishButWithoutDoneStillFails() {
        server.enqueueSse(contentChunk("Hi") + finishChunk("stop"));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("ended before data: [DONE]");
    }

    @Test
    void aMalformedChunkThrowsParseExceptionWithTheChunk() {
        server.enqueueSse(contentChunk("Hi") + "data: {not json}\n\n" + DONE);
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo("{not json}"));
    }

    @Test
    void anErrorEventInTheStreamThrowsProviderUnavailable() {
        server.enqueueSse(contentChunk("Hi") + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
                + "\"type\":\"server_error\",\"code\":\"server_error\"}}\n\n");
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.errorCode()).contains("server_error"))
                .hasMessageContaining("The server had an error while processing your request.");
    }

    @Test
    void contentFilterFinishThrowsContentFiltered() {
        server.enqueueSse(contentChunk("Hi") + finishChunk("content_filter") + DONE);
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(ContentFilteredException.class);
    }

    @Test
    void anErrorStatusIsThrownByStreamLikeByChat() {
        server.enqueueJson(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("Rate limit reached for gpt-4o-mini");
    }

    @Test
    void closingFromAnotherThreadCancelsABlockedRead() throws Exception {
        server.enqueueStalling("text/event-stream", contentChunk("first"));
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));
        assertThat(MockProviderServer.closeWhileReading(it, stream::close)).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void closingBeforeReadingEndsTheIteratorWithCancelled() {
        server.enqueueStalling("text/event-stream", contentChunk("first"));
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        stream.close();
        assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void aStalledStreamHitsTheReadTimeout() {
        server.enqueueStalling("text/event-stream", contentChunk("first"));
        ChatStream stream = server.chat().readTimeout(Duration.ofMillis(200)).build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));
        assertThatThrownBy(it::hasNext).isInstanceOf(dev.llmops.core.ProviderTimeoutException.class).hasMessageContaining("read timeout");
        stream.close();
    }

    @Test
    void aCompletedStreamReleasesItsConnectionForReuse() throws InterruptedException {
        OpenAiChatModel model = server.chat().build();
        server.enqueueSse(contentChunk("one") + finishChunk("stop") + DONE);
        server.enqueueSse(contentChunk("two") + finishChunk("stop") + DONE);
        assertThat(model.stream(ChatRequest.of("Hi")).collect().text()).isEqualTo("one");
        assertThat(model.stream(ChatRequest.of("Hi")).collect().text()).isEqualTo("two");
        int first = server.take().getConnectionIndex();
        assertThat(server.take().getConnectionIndex()).isEqualTo(first);
    }

    @Test
    void measuresLatencyUntilDone() {
        server.enqueueSse(contentChunk("Hi") + finishChunk("stop") + DONE);
        ChatResponse response = server.chat().clock(MockProviderServer.ticking(Duration.ofMillis(400))).build().stream(ChatRequest.of("Hi")).collect();
        assertThat(response.latency()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void refusalDeltasAreText() {
        String sse = chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I'm sorry, \"},\"finish_reason\":null}")
                + chunk("{\"index\":0,\"delta\":{\"refusal\":\"I cannot help.\"},\"finish_reason\":null}")
                + finishChunk("stop") + DONE;
        assertThat(completed(events(sse)).text()).isEqualTo("I'm sorry, I cannot help.");
    }

    @Test
    void readsEventsSplitAcrossTinyHttpChunks() {
        String sse = roleChunk() + contentChunk("héllo ") + contentChunk("wörld 🎉") + finishChunk("stop") + usageChunk(3, 4, 0) + DONE;
        server.enqueue(new mockwebserver3.MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                .chunkedBody(sse, 7).build());
        ChatResponse response = server.chat().build().stream(ChatRequest.of("Hi")).collect();
        assertThat(response.text()).isEqualTo("héllo wörld 🎉");
        assertThat(response.usage()).isEqualTo(Usage.of(3, 4));
    }

    @Test
    void chunksOfUnusualShapeAreReadInOrderWithTheOthers() {
        List<StreamEvent> events = events(contentChunk("a") + chunk("{\"index\":0,\"delta\":{\"content\":42},\"finish_reason\":null}")
                + contentChunk("b") + chunk("{\"index\":\"0\",\"delta\":{\"content\":\"c\"},\"finish_reason\":\"stop\"}") + DONE);
        assertThat(events.subList(0, 4)).containsExactly(new StreamEvent.TextDelta("a"), new StreamEvent.TextDelta("42"),
                new StreamEvent.TextDelta("b"), new StreamEvent.TextDelta("c"));
        assertThat(completed(events).text()).isEqualTo("a42bc");
        assertThat(completed(events).finishReason()).isEqualTo(FinishReason.STOP);
    }
}
