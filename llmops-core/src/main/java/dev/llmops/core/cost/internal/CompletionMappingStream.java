package dev.llmops.core.cost.internal;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.StreamEvent;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Wraps a {@link ChatStream} to replace the response of its {@link StreamEvent.Completed} event, e.g. to set
 * its cost; every other event passes unchanged. Failures pass through untouched: wrap the delegate in an
 * {@link dev.llmops.core.internal.ObservingChatStream} to hear of them.
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
public final class CompletionMappingStream implements ChatStream {
    private final ChatStream delegate;
    private final UnaryOperator<ChatResponse> onCompleted;

    public CompletionMappingStream(ChatStream delegate, UnaryOperator<ChatResponse> onCompleted) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.onCompleted = Objects.requireNonNull(onCompleted, "onCompleted");
    }

    @Override
    public Iterator<StreamEvent> iterator() {
        Iterator<StreamEvent> events = delegate.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public StreamEvent next() {
                StreamEvent event = events.next();
                return event instanceof StreamEvent.Completed completed
                        ? new StreamEvent.Completed(onCompleted.apply(completed.response()))
                        : event;
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }
}
