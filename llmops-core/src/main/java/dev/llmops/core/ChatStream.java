package dev.llmops.core;

import dev.llmops.core.internal.IteratorChatStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A streamed answer: a blocking sequence of {@link StreamEvent}s ending in {@link StreamEvent.Completed}.
 * Iterate it once, on one thread; {@link #close()} cancels it from any thread and frees its connection.
 *
 * <pre>{@code
 * try (ChatStream stream = model.stream(request)) {
 *     for (StreamEvent event : stream) {
 *         if (event instanceof StreamEvent.TextDelta delta) {
 *             System.out.print(delta.text());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The iterator's {@code hasNext()} and {@code next()} block until the next event arrives and throw the
 * call's failure as an {@link LlmopsException} ({@link ProviderException}, {@link ResponseParseException});
 * after {@link #close()} they throw {@link StreamCancelledException}.
 *
 * <p>Not thread-safe, except {@link #close()}, which may be called from any thread.
 */
public interface ChatStream extends Iterable<StreamEvent>, AutoCloseable {

    /**
     * The events, in order. May be called once.
     *
     * @throws IllegalStateException when called a second time
     */
    @Override
    Iterator<StreamEvent> iterator();

    /** Cancels the stream and releases its resources. Idempotent; safe from any thread. */
    @Override
    void close();

    /**
     * Reads the rest of the stream, handing every event to {@code onEvent}, and returns the completed
     * response. Closes the stream.
     *
     * @throws ResponseParseException when the stream ends without a {@link StreamEvent.Completed}
     */
    default ChatResponse collect(Consumer<? super StreamEvent> onEvent) {
        Objects.requireNonNull(onEvent, "onEvent");
        try (this) {
            for (StreamEvent event : this) {
                onEvent.accept(event);
                if (event instanceof StreamEvent.Completed completed) {
                    return completed.response();
                }
            }
        }
        throw new ResponseParseException("unknown", 0, "stream ended without a completed event", "", null);
    }

    /** Reads the rest of the stream and returns the completed response. Closes the stream. */
    default ChatResponse collect() {
        return collect(event -> { });
    }

    /**
     * A stream over {@code events}; {@code onClose} runs once when the stream is closed. The events must end
     * with a {@link StreamEvent.Completed}.
     */
    static ChatStream of(Iterator<StreamEvent> events, AutoCloseable onClose) {
        return new IteratorChatStream(events, onClose);
    }

    /**
     * A stream replaying a finished response: its text as one delta, each tool call as one delta, then
     * the completed event.
     */
    static ChatStream of(ChatResponse response) {
        Objects.requireNonNull(response, "response");
        List<StreamEvent> events = new ArrayList<>();
        if (!response.message().text().isEmpty()) {
            events.add(new StreamEvent.TextDelta(response.message().text()));
        }
        List<ToolCall> calls = response.message().toolCalls();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            events.add(new StreamEvent.ToolCallDelta(i, call.id(), call.name(), call.arguments()));
        }
        events.add(new StreamEvent.Completed(response));
        return of(events.iterator(), () -> { });
    }
}
