package dev.llmops.core.resilience.internal;

import dev.llmops.core.ChatStream;
import dev.llmops.core.StreamEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads the first event of a stream before handing it on, so a failure before the first event (a refused
 * call, a connection cut before the first token) surfaces where the stream is opened and can be retried or
 * sent elsewhere, as {@link dev.llmops.core.ChatModel#stream} promises: failures before the first byte of the
 * answer are thrown from {@code stream()}, later ones from the iterator.
 *
 * <p>Thread-safe (stateless).
 */
public final class FirstEvent {
    private FirstEvent() {
    }

    /**
     * Pulls the first event of {@code stream} and returns a stream yielding it and then the rest. When reading
     * the first event fails, closes {@code stream} and throws the failure.
     */
    public static ChatStream prefetch(ChatStream stream) {
        Objects.requireNonNull(stream, "stream");
        Iterator<StreamEvent> events;
        StreamEvent first;
        try {
            events = stream.iterator();
            first = events.hasNext() ? events.next() : null;
        } catch (RuntimeException e) {
            try {
                stream.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return ChatStream.of(new Iterator<>() {
            private StreamEvent pending = first;

            @Override
            public boolean hasNext() {
                return pending != null || events.hasNext();
            }

            @Override
            public StreamEvent next() {
                if (pending != null) {
                    StreamEvent event = pending;
                    pending = null;
                    return event;
                }
                if (!events.hasNext()) {
                    throw new NoSuchElementException("the stream has no more events");
                }
                return events.next();
            }
        }, stream::close);
    }
}
