package dev.llmops.core.testing;

import dev.llmops.core.ChatStream;
import dev.llmops.core.StreamEvent;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Streams that yield some events and then fail, as a provider's stream does when its connection is cut.
 *
 * <p>Thread-safe (stateless).
 */
final class FailingStreams {
    private FailingStreams() {
    }

    /** A stream yielding {@code events}, then throwing the exception {@code failure} supplies. */
    static ChatStream of(List<StreamEvent> events, Supplier<? extends RuntimeException> failure) {
        Iterator<StreamEvent> iterator = events.iterator();
        return ChatStream.of(new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (iterator.hasNext()) {
                    return true;
                }
                throw failure.get();
            }

            @Override
            public StreamEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return iterator.next();
            }
        }, () -> { });
    }
}
