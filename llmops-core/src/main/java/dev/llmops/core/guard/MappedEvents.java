package dev.llmops.core.guard;

import dev.llmops.core.ChatStream;
import dev.llmops.core.StreamEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A stream whose events are those of another, each turned into zero or more events by a mapper that may also
 * throw to fail the stream. Closing it closes the other.
 *
 * <p>Not thread-safe, except {@link ChatStream#close()}.
 */
final class MappedEvents {
    /** Turns one event into the events to yield in its place, handing them to {@code out} in order. */
    @FunctionalInterface
    interface Mapper {
        void map(StreamEvent event, Consumer<StreamEvent> out);
    }

    private MappedEvents() {
    }

    static ChatStream of(ChatStream source, Mapper mapper) {
        Iterator<StreamEvent> events = new Iterator<>() {
            private final ArrayDeque<StreamEvent> ready = new ArrayDeque<>();
            private Iterator<StreamEvent> upstream;

            @Override
            public boolean hasNext() {
                if (upstream == null) {
                    upstream = source.iterator();
                }
                while (ready.isEmpty() && upstream.hasNext()) {
                    mapper.map(upstream.next(), ready::add);
                }
                return !ready.isEmpty();
            }

            @Override
            public StreamEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream has no more events");
                }
                return ready.poll();
            }
        };
        return ChatStream.of(events, source::close);
    }
}
