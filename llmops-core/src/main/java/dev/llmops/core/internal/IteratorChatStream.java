package dev.llmops.core.internal;

import dev.llmops.core.ChatStream;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.StreamEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ChatStream} over an iterator of events: enforces single iteration, turns failures after
 * {@link #close()} into {@link StreamCancelledException}, and runs the close action once.
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
public final class IteratorChatStream implements ChatStream {
    private final Iterator<StreamEvent> events;
    private final AutoCloseable onClose;
    private final AtomicBoolean iterated = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean completed;

    public IteratorChatStream(Iterator<StreamEvent> events, AutoCloseable onClose) {
        this.events = Objects.requireNonNull(events, "events");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
    }

    @Override
    public Iterator<StreamEvent> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("this ChatStream was already iterated: a stream can be read once");
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (completed) {
                    return false;
                }
                requireOpen();
                try {
                    return events.hasNext();
                } catch (RuntimeException e) {
                    throw translate(e);
                }
            }

            @Override
            public StreamEvent next() {
                if (completed) {
                    throw new NoSuchElementException("the stream has completed");
                }
                requireOpen();
                try {
                    StreamEvent event = events.next();
                    if (event instanceof StreamEvent.Completed) {
                        completed = true;
                    }
                    return event;
                } catch (RuntimeException e) {
                    throw translate(e);
                }
            }
        };
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new StreamCancelledException("the stream was closed before it completed");
        }
    }

    private RuntimeException translate(RuntimeException e) {
        if (closed.get() && !(e instanceof StreamCancelledException)) {
            return new StreamCancelledException("the stream was closed before it completed", e);
        }
        return e;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                onClose.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new LlmopsException("closing the stream failed: " + e.getMessage(), e);
            }
        }
    }
}
