package dev.llmops.core.internal;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Wraps a {@link ChatStream} to report, exactly once, how it ended: its completed response, or its error
 * (a stream closed before completing reports a {@link StreamCancelledException}).
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
public final class ObservingChatStream implements ChatStream {
    private final ChatStream delegate;
    private final Consumer<ChatResponse> onCompleted;
    private final Consumer<RuntimeException> onError;
    private final AtomicBoolean reported = new AtomicBoolean();

    public ObservingChatStream(ChatStream delegate, Consumer<ChatResponse> onCompleted, Consumer<RuntimeException> onError) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.onCompleted = Objects.requireNonNull(onCompleted, "onCompleted");
        this.onError = Objects.requireNonNull(onError, "onError");
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
                    reportError(e);
                    throw e;
                }
            }

            @Override
            public StreamEvent next() {
                StreamEvent event;
                try {
                    event = events.next();
                } catch (RuntimeException e) {
                    reportError(e);
                    throw e;
                }
                if (event instanceof StreamEvent.Completed completed && reported.compareAndSet(false, true)) {
                    onCompleted.accept(completed.response());
                }
                return event;
            }
        };
    }

    private void reportError(RuntimeException e) {
        if (reported.compareAndSet(false, true)) {
            onError.accept(e);
        }
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            reportError(new StreamCancelledException("the stream was closed before it completed"));
        }
    }
}
