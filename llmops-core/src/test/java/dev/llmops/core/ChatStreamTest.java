package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatStreamTest {

    private static final ChatResponse DONE = new ChatResponse(
            new AssistantMessage("Hello", List.of(new ToolCall("c1", "clock", "{\"tz\":\"UTC\"}"))),
            Usage.of(1, 1), FinishReason.TOOL_CALLS, "m", "test", Duration.ZERO, "");

    @Test
    void aFinishedResponseReplaysAsDeltasThenCompleted() {
        List<StreamEvent> events = new java.util.ArrayList<>();
        ChatStream.of(DONE).forEach(events::add);
        assertThat(events).containsExactly(
                new StreamEvent.TextDelta("Hello"),
                new StreamEvent.ToolCallDelta(0, "c1", "clock", "{\"tz\":\"UTC\"}"),
                new StreamEvent.Completed(DONE));
    }

    @Test
    void collectReturnsTheCompletedResponseAndCloses() {
        AtomicInteger closed = new AtomicInteger();
        Iterator<StreamEvent> events = List.<StreamEvent>of(new StreamEvent.TextDelta("Hel"), new StreamEvent.Completed(DONE)).iterator();
        ChatStream stream = ChatStream.of(events, closed::incrementAndGet);
        assertThat(stream.collect()).isSameAs(DONE);
        stream.close();
        assertThat(closed).hasValue(1);
    }

    @Test
    void aStreamCanBeIteratedOnce() {
        ChatStream stream = ChatStream.of(DONE);
        stream.iterator();
        assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class).hasMessageContaining("read once");
    }

    @Test
    void iteratingAfterCloseThrowsCancelled() {
        ChatStream stream = ChatStream.of(DONE);
        Iterator<StreamEvent> events = stream.iterator();
        events.next();
        stream.close();
        assertThatThrownBy(events::hasNext).isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void aFailureCausedByClosingIsReportedAsCancelled() {
        ChatStream[] holder = new ChatStream[1];
        Iterator<StreamEvent> failing = new Iterator<>() {
            @Override
            public boolean hasNext() {
                holder[0].close();
                throw new ProviderUnavailableException("test", 0, null, null, "socket closed", null);
            }

            @Override
            public StreamEvent next() {
                throw new AssertionError("not reached");
            }
        };
        holder[0] = ChatStream.of(failing, () -> { });
        assertThatThrownBy(() -> holder[0].iterator().hasNext())
                .isInstanceOf(StreamCancelledException.class)
                .hasCauseInstanceOf(ProviderUnavailableException.class);
    }

    @Test
    void aStreamWithoutCompletedEventFailsToCollect() {
        ChatStream stream = ChatStream.of(List.<StreamEvent>of(new StreamEvent.TextDelta("Hel")).iterator(), () -> { });
        assertThatThrownBy(stream::collect).isInstanceOf(ResponseParseException.class)
                .hasMessageContaining("without a completed event");
    }

    @Test
    void aDefaultModelStreamsItsWholeAnswerAsOneDelta() {
        ChatModel model = request -> DONE;
        List<StreamEvent> events = new java.util.ArrayList<>();
        assertThat(model.stream(ChatRequest.of("hi")).collect(events::add)).isSameAs(DONE);
        assertThat(events).first().isEqualTo(new StreamEvent.TextDelta("Hello"));
    }
}
