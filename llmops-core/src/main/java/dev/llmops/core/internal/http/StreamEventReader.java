package dev.llmops.core.internal.http;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ProviderException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Response;

/**
 * The skeleton of every provider's stream reader: a queue of {@link StreamEvent}s filled by
 * {@link #readMore()} (one event or line of the wire format at a time, read with {@link SseReader} or
 * {@link NdjsonReader}) until the subclass {@link #complete completes} the stream. A read failure becomes the
 * transport's exception ({@link #advance}), a stream that ends early a {@link ResponseParseException} holding the
 * raw tail ({@link #endedEarly}), and any failure finishes the stream and releases the connection before it is
 * thrown. {@link #close()} cancels the HTTP call from any thread, so a blocked read fails and the
 * {@link dev.llmops.core.ChatStream} wrapping the reader reports a {@link dev.llmops.core.StreamCancelledException}.
 *
 * <pre>{@code
 * final class MyStreamReader extends StreamEventReader {
 *     protected void readMore() {
 *         if (!advance(sse::next)) throw endedEarly("before data: [DONE]", sse.rawLength(), sse.rawTail());
 *         if (sse.data().equals("[DONE]")) complete(assembled()); else emit(new StreamEvent.TextDelta(sse.data()));
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
public abstract class StreamEventReader implements Iterator<StreamEvent>, AutoCloseable {
    /** One blocking read step of a wire-format reader, such as {@link SseReader#next()}. */
    @FunctionalInterface
    protected interface ReadStep {
        boolean next() throws IOException;
    }

    private final ProviderHttp http;
    private final Call call;
    private final Response response;
    private final Instant start;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private boolean finished;

    /** A reader of the body of {@code opened}, a successful streaming call made through {@code http}. */
    protected StreamEventReader(ProviderHttp http, ProviderHttp.Opened opened) {
        this.http = Objects.requireNonNull(http, "http");
        Objects.requireNonNull(opened, "opened");
        this.call = opened.call();
        this.response = opened.response();
        this.start = opened.start();
    }

    /** Reads the next unit of the wire format, {@link #emit(StreamEvent) emitting} events or {@link #complete completing}. */
    protected abstract void readMore();

    /** The body of the response, to read the wire format from. */
    protected final okio.BufferedSource source() {
        return response.body().source();
    }

    /** The provider's name, as exceptions report it. */
    protected final String provider() {
        return http.provider();
    }

    /** The HTTP status the stream began with. */
    protected final int status() {
        return response.code();
    }

    /** When the call was sent, for the latency. */
    protected final Instant start() {
        return start;
    }

    /** Queues {@code event} for the consumer. */
    protected final void emit(StreamEvent event) {
        pending.add(event);
    }

    /** Ends the stream with a {@link StreamEvent.Completed} holding {@code answer}, and releases the connection. */
    protected final void complete(ChatResponse answer) {
        finish();
        pending.add(new StreamEvent.Completed(answer));
    }

    /** Runs one read step; an I/O failure (a cut connection, a timeout, a cancelled call) becomes the transport's exception. */
    protected final boolean advance(ReadStep step) {
        try {
            return step.next();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** The exception for an I/O failure while reading the stream. */
    protected final ProviderException readFailure(IOException e) {
        return http.transportFailure(call, e);
    }

    /**
     * The exception for a stream whose input ended too soon.
     *
     * @param expected what was missing, e.g. {@code before message_stop} or {@code without a finishReason}
     */
    protected final ResponseParseException endedEarly(String expected, long rawLength, String rawTail) {
        String provider = http.provider();
        return new ResponseParseException(provider, response.code(), provider + " stream ended " + expected + " after " + rawLength
                + " characters: the connection was cut or the server stopped early; retry the call", rawTail, null);
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

    private void finish() {
        finished = true;
        response.close();
    }
}
