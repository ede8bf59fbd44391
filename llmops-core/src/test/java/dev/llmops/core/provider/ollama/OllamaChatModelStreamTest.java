package dev.llmops.core.provider.ollama;

import static dev.llmops.core.provider.ollama.MockOllama.doneLine;
import static dev.llmops.core.provider.ollama.MockOllama.line;
import static dev.llmops.core.internal.http.MockProviderServer.completed;
import static dev.llmops.core.internal.http.MockProviderServer.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.FinishReason;
import dev.llmops.core.InvalidRequestException;
import dev.llmops.core.ProviderTimeoutException;
import dev.llmops.core.ProviderUnavailableException;
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

/** How {@link OllamaChatModel#stream} reads NDJSON lines. */
class OllamaChatModelStreamTest {
    @RegisterExtension
    final MockOllama server = new MockOllama();

    private List<StreamEvent> events(String ndjson) {
        server.enqueueNdjson(ndjson);
        return drain(server.chat().build().stream(ChatRequest.of("Hi")));
    }

    private static String toolLine(String calls) {
        return "{\"model\":\"qwen3\",\"created_at\":\"2025-05-27T22:54:58.100509Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[" + calls + "]},\"done\":false}\n";
    }

    @Test
    void emitsTextDeltasThenTheAssembledResponse() {
        List<StreamEvent> events = events(line("The") + line(" sky") + doneLine("stop", 26, 2));
        assertThat(events.subList(0, 2)).containsExactly(new StreamEvent.TextDelta("The"), new StreamEvent.TextDelta(" sky"));
        ChatResponse response = completed(events);
        assertThat(events).hasSize(3);
        assertThat(response.text()).isEqualTo("The sky");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(Usage.of(26, 2));
        assertThat(response.model()).isEqualTo("llama3.2");
        assertThat(response.provider()).isEqualTo("ollama");
    }

    @Test
    void assemblesAThousandLines() {
        StringBuilder ndjson = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String piece = "w" + i + (i % 7 == 0 ? "\n" : " ");
            ndjson.append(line(piece));
            expected.append(piece);
        }
        ndjson.append(doneLine("length", 5, 1000));
        List<StreamEvent> events = events(ndjson.toString());
        assertThat(events).hasSize(1001);
        ChatResponse response = completed(events);
        assertThat(response.text()).isEqualTo(expected.toString());
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage()).isEqualTo(Usage.of(5, 1000));
    }

    @Test
    void toleratesCrLfAndBlankLinesAndAFinalLineWithoutNewline() {
        String done = doneLine("stop", 1, 2);
        List<StreamEvent> events = events(line("A").replace("\n", "\r\n") + "\n\r\n" + line("B") + done.substring(0, done.length() - 1));
        assertThat(completed(events).text()).isEqualTo("AB");
        assertThat(events).hasSize(3);
    }

    @Test
    void emitsEachToolCallWholeWithItsIndexAmongInterleavedText() {
        List<StreamEvent> events = events(line("Let me check.")
                + toolLine("{\"function\":{\"name\":\"weather\",\"arguments\":{\"city\":\"Toronto\"}}}")
                + line(" And the time.")
                + toolLine("{\"function\":{\"name\":\"time\",\"arguments\":{\"tz\":\"EST\"}}},"
                        + "{\"function\":{\"name\":\"weather\",\"arguments\":{\"city\":\"Oslo\"}}}")
                + doneLine("stop", 80, 40));
        assertThat(events).hasSize(6);
        assertThat(events.get(1)).isInstanceOfSatisfying(StreamEvent.ToolCallDelta.class, d -> {
            assertThat(d.index()).isZero();
            assertThat(d.name()).isEqualTo("weather");
            assertThat(d.id()).startsWith("call_");
            assertThat(d.argumentsDelta()).isEqualTo("{\"city\":\"Toronto\"}");
        });
        assertThat(((StreamEvent.ToolCallDelta) events.get(3)).index()).isEqualTo(1);
        assertThat(((StreamEvent.ToolCallDelta) events.get(4)).index()).isEqualTo(2);
        ChatResponse response = completed(events);
        assertThat(response.message().toolCalls()).extracting(ToolCall::name, ToolCall::arguments).containsExactly(
                org.assertj.core.groups.Tuple.tuple("weather", "{\"city\":\"Toronto\"}"),
                org.assertj.core.groups.Tuple.tuple("time", "{\"tz\":\"EST\"}"),
                org.assertj.core.groups.Tuple.tuple("weather", "{\"city\":\"Oslo\"}"));
        assertThat(response.message().toolCalls().get(0).id()).isEqualTo(((StreamEvent.ToolCallDelta) events.get(1)).id());
        assertThat(response.text()).isEqualTo("Let me check. And the time.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void aStreamCutBeforeTheDoneLineThrowsParseExceptionWithTheRawTail() {
        server.enqueueNdjson(line("Hel") + line("lo") + "{\"model\":\"llama3.2\",\"message\":{\"ro");
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("Hel"));
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("lo"));
        assertThatThrownBy(it::hasNext)
                .isInstanceOfSatisfying(ResponseParseException.class, e -> {
                    assertThat(e.rawText()).isEqualTo("{\"model\":\"llama3.2\",\"message\":{\"ro");
                    assertThat(e.isRetryable()).isTrue();
                });
        stream.close();
    }

    @Test
    void aStreamEndingWithoutTheDoneLineFailsNamingIt() {
        server.enqueueNdjson(line("Hel") + line("lo"));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).endsWith(line("lo")))
                .hasMessageContaining("ended before its \"done\": true line");
    }

    @Test
    void anErrorLineInTheStreamIsThrown() {
        server.enqueueNdjson(line("Hi") + "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n");
        List<StreamEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect(seen::add))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.isRetryable()).isTrue())
                .hasMessageContaining("unexpected EOF");
        assertThat(seen).containsExactly(new StreamEvent.TextDelta("Hi"));
    }

    @Test
    void aMalformedLineThrowsParseExceptionWithTheLine() {
        server.enqueueNdjson(line("Hi") + "{not json}\n" + doneLine("stop", 1, 1));
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi")).collect())
                .isInstanceOfSatisfying(ResponseParseException.class, e -> assertThat(e.rawText()).isEqualTo("{not json}"));
    }

    @Test
    void anErrorStatusIsThrownByStreamLikeByChat() {
        server.enqueueJson(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}");
        assertThatThrownBy(() -> server.chat().build().stream(ChatRequest.of("Hi").withModel("llama9")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ollama pull llama9");
    }

    @Test
    void closingFromAnotherThreadCancelsABlockedRead() throws Exception {
        server.enqueueStalling("application/x-ndjson", line("first"));
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));
        assertThat(MockProviderServer.closeWhileReading(it, stream::close)).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void closingBeforeReadingEndsTheIteratorWithCancelled() {
        server.enqueueStalling("application/x-ndjson", line("first"));
        ChatStream stream = server.chat().build().stream(ChatRequest.of("Hi"));
        stream.close();
        assertThatThrownBy(() -> stream.iterator().hasNext()).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void aStalledStreamHitsTheReadTimeout() {
        server.enqueueStalling("application/x-ndjson", line("first"));
        ChatStream stream = server.chat().readTimeout(Duration.ofMillis(200)).build().stream(ChatRequest.of("Hi"));
        Iterator<StreamEvent> it = stream.iterator();
        assertThat(it.next()).isEqualTo(new StreamEvent.TextDelta("first"));
        assertThatThrownBy(it::hasNext).isInstanceOf(ProviderTimeoutException.class).hasMessageContaining("read timeout");
        stream.close();
    }
}
