package dev.llmops.core.internal.http;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Response;

/**
 * The plumbing every streamed chat call shares: reads server-sent events from a response one at a time, hands
 * each to {@link #onEvent(String, String)}, and yields the {@link StreamEvent}s the subclass {@link #emit emits}
 * until it {@link #complete completes}. A read failure becomes the transport's exception, a stream that ends
 * before completing a {@link ResponseParseException} holding the raw tail, and any failure ends the stream and
 * releases the connection. {@link #close()} cancels the HTTP call, so a read blocked in another thread fails;
 * the {@link dev.llmops.core.ChatStream} wrapping this iterator turns that into a
 * {@link dev.llmops.core.StreamCancelledException}.
 *
 * <pre>{@code
 * final class MyStreamReader extends SseEventIterator {
 *     protected void onEvent(String event, String data) {
 *         if (data.equals("[DONE]")) complete(assembled()); else emit(new StreamEvent.TextDelta(data));
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
public abstract class SseEventIterator implements Iterator<StreamEvent>, AutoCloseable {
    private final ProviderTransport transport;
    private final Call call;
    private final Response response;
    private final SseReader sse;
    private final String endMarker;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private boolean finished;

    /**
     * @param endMarker what completes the stream, named in the error for a stream that ends early (e.g.
     *                  {@code message_stop})
     */
    protected SseEventIterator(ProviderTransport transport, Call call, Response response, String endMarker) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.call = Objects.requireNonNull(call, "call");
        this.response = Objects.requireNonNull(response, "response");
        this.endMarker = Objects.requireNonNull(endMarker, "endMarker");
        this.sse = new SseReader(response.body().source());
    }

    /**
     * Reads one event: its type ({@code message} when it named none) and its data (never empty). Calls
     * {@link #emit} for each event to yield and {@link #complete} at the end; throws to fail the stream.
     */
    protected abstract void onEvent(String event, String data);

    /** Yields {@code event} next. */
    protected final void emit(StreamEvent event) {
        pending.add(event);
    }

    /** Ends the stream with a {@link StreamEvent.Completed} holding {@code response}, and releases the connection. */
    protected final void complete(ChatResponse response) {
        finish();
        pending.add(new StreamEvent.Completed(response));
    }

    /** The HTTP status the stream began with. */
    protected final int status() {
        return response.code();
    }

    /** The last characters received, for a {@link ResponseParseException}. */
    protected final String rawTail() {
        return sse.rawTail();
    }

    @Override
    public final boolean hasNext() {
        while (pending.isEmpty() && !finished) {
            try {
                readEvent();
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

    private void readEvent() {
        boolean more;
        try {
            more = sse.next();
        } catch (IOException e) {
            throw transport.transportFailure(call, e);
        }
        if (!more) {
            String provider = transport.provider();
            throw new ResponseParseException(provider, response.code(), provider + " stream ended before " + endMarker
                    + " after " + sse.rawLength()
                    + " characters: the connection was cut or the server stopped early; retry the call", sse.rawTail(), null);
        }
        String data = sse.data();
        if (!data.isEmpty()) {
            onEvent(sse.event(), data);
        }
    }

    private void finish() {
        finished = true;
        response.close();
    }
}
