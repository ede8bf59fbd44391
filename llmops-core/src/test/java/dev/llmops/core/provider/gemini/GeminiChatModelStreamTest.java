package dev.llmops.core.provider.gemini;

import static dev.llmops.core.provider.gemini.MockGemini.chunk;
import static dev.llmops.core.provider.gemini.MockGemini.finalChunk;
import static dev.llmops.core.provider.gemini.MockGemini.textChunk;
import static dev.llmops.core.internal.http.MockProviderServer.completed;
import static dev.llmops.core.internal.http.MockProviderServer.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderTimeoutException;
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

/** How {@link GeminiChatModel#stream} reads {@code streamGenerateContent?alt=sse} chunks. */
class GeminiChatModelStreamTest {
    @RegisterExtension
    final MockGemini server = new MockGemini();

    private List<StreamEvent> events(String sse) {
        server.enqueueSse(sse);
        return drain(server.chat().build().stream(ChatRequest.of("Hi")));
    }

    @Test
    void emitsTextDeltasThenTheAssembledResponseWithTheLastUsage() {
        List<StreamEvent> events = events(textChunk("The") + textChunk(" sky") + finalChunk(" is blue.", "STOP", 9, 6));
        assertThat(events.subList(0, 3)).containsExactly(new StreamEvent.TextDelta("The"), new StreamEvent.TextDelta(" sky"),
                new StreamEvent.TextDelta(" is blue."));
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo("The sky is blue.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(Usage.of(9, 6));
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.id()).isEqualTo("resp-1");
    }

    @Test
    void assemblesAThousandChunks() {
        StringBuilder sse = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String piece = "w" + i + (i % 7 == 0 ? "\n" : " ");
            sse.append(textChunk(piece));
            expected.append(piece);
        }
        sse.append(finalChunk("", "MAX_TOKENS", 5, 1000));
        List<StreamEvent> events = events(sse.toString());
        assertThat(events).hasSize(1001);
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo(expected.toString());
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage()).isEqualTo(Usage.of(5, 1000));
    }

    @Test
    void parallelFunctionCallsInterleavedWithTextGetConsecutiveIndexes() {
        List<StreamEvent> events = events(textChunk("Checking both.")
                + chunk("[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}},\"thoughtSignature\":\"c2ln\"},"
                        + "{\"functionCall\":{\"name\":\"time\",\"args\":{\"tz\":\"CET\"}}}]", null)
                + chunk("[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Oslo\"}}}]", "STOP"));
        assertThat(events).hasSize(5);
        assertThat(events.get(1)).isInstanceOfSatisfying(StreamEvent.ToolCallDelta.class, d -> {
            assertThat(d.index()).isZero();
            assertThat(d.name()).isEqualTo("weather");
            assertThat(d.argumentsDelta()).isEqualTo("{\"city\":\"Paris\"}");
            assertThat(d.id()).endsWith("#ts:c2ln");
        });
        assertThat(((StreamEvent.ToolCallDelta) events.get(2)).index()).isEqualTo(1);
        assertThat(((StreamEvent.ToolCallDelta) events.get(3)).index()).isEqualTo(2);
        ChatResponse response = completed(events);
        assertThat(response.message().toolCalls()).extracting(ToolCall::name, ToolCall::arguments).containsExactly(
                org.assertj.core.groups.Tuple.tuple("weather", "{\"city\":\"Paris\"}"),
                org.assertj.core.groups.Tuple.tuple("time", "{\"tz\":\"CET\"}"),
                org.assertj.core.groups.Tuple.tuple("weather", "{\"city\":\"Oslo\"}"));
        assertThat(response.text()).isEqualTo("Checking both.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void aStreamCutMidChunkThrowsParseExceptionWithTheRawTail() {
        server.enqueueSse(textChunk("Hel") + textChunk("lo") + "data: {\"candidates\":[{\"content\":{\"par");
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("Hel"));
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("lo"));
        assertThatThrownBy(it::hasNext)
                .isInstanceOfSatisfying(ResponseParseException.class, e -> {
                    assertThat(e.rawText()).endsWith("data: {\"candidates\":[{\"content\":{\"par");
                    assertThat(e.isRetryable()).isTrue();
                })
                .hasMessageContaining("without a finishReason");
        stream.close();
    }

    @Test
    void aStreamEndingWithoutFinishReasonFails() {
        server.enqueueSse(textChunk("Hel") + textChunk("lo"));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(ResponseParseException.class).hasMessageContaining("without a finishReason");
    }

    @Test
    void aSafetyFinishInTheStreamThrowsContentFiltered() {
        server.enqueueSse(textChunk("Sure, here") + chunk("[{\"text\":\"\"}]", "SAFETY"));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(ContentFilteredException.class).hasMessageContaining("SAFETY");
    }

    @Test
    void aBlockedPromptInTheFirstChunkThrowsContentFiltered() {
        server.enqueueSse("data: {\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n");
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOf(ContentFilteredException.class).hasMessageContaining("blockReason PROHIBITED_CONTENT");
    }

    @Test
    void anErrorObjectInTheStreamIsMappedLikeAStatus() {
        server.enqueueSse(textChunk("Hi") + "data: " + MockGemini.error(503, "The model is overloaded. Please try again later.",
                "UNAVAILABLE", null) + "\r\n\r\n");
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e.errorCode()).contains("UNAVAILABLE");
                    assertThat(e.isRetryable()).isTrue();
                })
                .hasMessageContaining("The model is overloaded");
    }

    @Test
    void aMalformedChunkThrowsParseExceptionWithTheChunk() {
        server.enqueueSse(textChunk("Hi") + "data: {not json}\r\n\r\n");
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo("{not json}"));
    }

    @Test
    void anErrorStatusIsThrownByStreamLikeByChat() {
        server.enqueueJson(429, MockGemini.error(429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED", null));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")))
                .isInstanceOf(RateLimitedException.class).hasMessageContaining("Resource has been exhausted");
    }

    @Test
    void closingFromAnotherThreadCancelsABlockedRead() throws Exception {
        server.enqueueStalling("text/event-stream", textChunk("first"));
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));
        assertThat(MockProviderServer.closeWhileReading(it, stream::close)).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void aStalledStreamHitsTheReadTimeout() {
        server.enqueueStalling("text/event-stream", textChunk("first"));
        ChatStream stream = server.chat().readTimeout(Duration.ofMillis(200)).build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));
        assertThatThrownBy(it::hasNext).isInstanceOf(ProviderTimeoutException.class).hasMessageContaining("read timeout");
        stream.close();
    }
}
