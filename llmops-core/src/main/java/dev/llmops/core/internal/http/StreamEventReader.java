package dev.llmops.core.internal.http;

import dev.llmops.core.StreamEvent;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Response;

/**
 * The skeleton of a provider's stream reader: a queue of {@link StreamEvent}s filled by
 * {@link #readMore()} (one line or event of the wire format at a time) until the subclass calls
 * {@link #finish()}. A failure while reading finishes the stream and releases the connection before it is
 * thrown; {@link #close()} cancels the HTTP call from any thread, so a blocked read fails and the
 * {@link dev.llmops.core.ChatStream} wrapping the reader reports a
 * {@link dev.llmops.core.StreamCancelledException}.
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
public abstract class StreamEventReader implements Iterator<StreamEvent>, AutoCloseable {
    private final Call call;
    private final Response response;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private boolean finished;

    protected StreamEventReader(Call call, Response response) {
        this.call = Objects.requireNonNull(call, "call");
        this.response = Objects.requireNonNull(response, "response");
    }

    /** Reads the next unit of the wire format, {@link #emit(StreamEvent) emitting} events or {@link #finish() finishing}. */
    protected abstract void readMore();

    protected final Call call() {
        return call;
    }

    protected final Response response() {
        return response;
    }

    /** Queues {@code event} for the consumer. */
    protected final void emit(StreamEvent event) {
        pending.add(event);
    }

    /** Marks the stream finished (no more reads) and releases the connection. */
    protected final void finish() {
        finished = true;
        response.close();
    }

    @Override
    public final boolean hasNext() {
        while (pending.isEmpty() && !finished) {
            try {
                readMore();
            } catch (RuntimeException e) {
                finish();
                throw e;
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public final StreamEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has completed");
        }
        return pending.poll();
    }

    /** Cancels the HTTP call and releases the connection. Safe from any thread. */
    @Override
    public final void close() {
        call.cancel();
        response.close();
    }
}
