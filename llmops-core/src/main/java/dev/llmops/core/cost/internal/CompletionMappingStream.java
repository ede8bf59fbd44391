package dev.llmops.core.cost.internal;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Wraps a {@link ChatStream} to replace the response of its {@link StreamEvent.Completed} event (e.g. to set
 * its cost), and to report, exactly once, a stream that ends without completing: an error from the iterator,
 * or a close before the completed event (reported as a {@link StreamCancelledException}).
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
public final class CompletionMappingStream implements ChatStream {
    private final ChatStream delegate;
    private final UnaryOperator<ChatResponse> onCompleted;
    private final Consumer<RuntimeException> onFailure;
    private final AtomicBoolean ended = new AtomicBoolean();

    public CompletionMappingStream(ChatStream delegate, UnaryOperator<ChatResponse> onCompleted,
            Consumer<RuntimeException> onFailure) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.onCompleted = Objects.requireNonNull(onCompleted, "onCompleted");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    @Override
    public Iterator<StreamEvent> iterator() {
        Iterator<StreamEvent> events = delegate.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return events.hasNext();
                } catch (RuntimeException e) {
                    fail(e);
                    throw e;
                }
            }

            @Override
            public StreamEvent next() {
                StreamEvent event;
                try {
                    event = events.next();
                } catch (RuntimeException e) {
                    fail(e);
                    throw e;
                }
                if (event instanceof StreamEvent.Completed completed && ended.compareAndSet(false, true)) {
                    return new StreamEvent.Completed(onCompleted.apply(completed.response()));
                }
                return event;
            }
        };
    }

    private void fail(RuntimeException e) {
        if (ended.compareAndSet(false, true)) {
            onFailure.accept(e);
        }
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            fail(new StreamCancelledException("the stream was closed before it completed"));
        }
    }
}
