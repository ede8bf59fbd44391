package dev.llmops.core.internal.http;

import java.io.IOException;
import java.util.Objects;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads server-sent events (the {@code text/event-stream} format) from an OkHttp response body, one event
 * at a time, as the W3C EventSource specification describes: {@code data:} lines (several are joined with
 * {@code \n}), an optional {@code event:} type, {@code id:} and {@code retry:} (ignored), comment lines
 * starting with {@code :} (keep-alives, ignored), and a blank line ending each event. Lines may end in
 * {@code \n} or {@code \r\n}. An event that is cut off by the end of the input is discarded, as the
 * specification requires; the caller sees it in {@link #rawTail()}.
 *
 * <pre>{@code
 * SseReader reader = new SseReader(response.body().source());
 * while (reader.next()) {
 *     if (reader.data().equals("[DONE]")) break;
 *     handle(reader.event(), reader.data());
 * }
 * }</pre>
 *
 * <p>Allocation is one {@code String} per data line (the value, read straight from the buffer after its
 * prefix) plus the raw tail kept for diagnostics; no regular expressions, no splitting.
 *
 * <p>Not thread-safe.
 */
public final class SseReader {
    /** The raw text kept by default for {@link #rawTail()}, in characters. */
    public static final int DEFAULT_RAW_TAIL = 16 * 1024;

    private static final ByteString DATA = ByteString.encodeUtf8("data");
    private static final ByteString EVENT = ByteString.encodeUtf8("event");

    private final BufferedSource source;
    private final Buffer buffer;
    private final int rawTailLimit;
    private final StringBuilder raw = new StringBuilder();
    private long rawChars;

    private String eventType;
    private String firstData;
    private StringBuilder moreData;
    private String data;
    private String event;

    /** A reader keeping the last {@value #DEFAULT_RAW_TAIL} characters received. */
    public SseReader(BufferedSource source) {
        this(source, DEFAULT_RAW_TAIL);
    }

    /** A reader keeping the last {@code rawTailLimit} characters received for {@link #rawTail()}. */
    public SseReader(BufferedSource source, int rawTailLimit) {
        this.source = Objects.requireNonNull(source, "source");
        this.buffer = source.getBuffer();
        if (rawTailLimit <= 0) {
            throw new IllegalArgumentException("rawTailLimit " + rawTailLimit + " is not positive");
        }
        this.rawTailLimit = rawTailLimit;
    }

    /**
     * Reads up to the end of the next event that carries data. Blocks until one arrives.
     *
     * @return {@code true} when an event was read ({@link #data()}, {@link #event()}), {@code false} at the
     *         end of the input
     * @throws IOException when reading fails (a cut connection, a timeout, a cancelled call)
     */
    public boolean next() throws IOException {
        while (true) {
            long newline = source.indexOf((byte) '\n');
            if (newline == -1) {
                if (buffer.size() > 0) {
                    appendRaw(buffer.readUtf8());
                }
                clearPending();
                return false;
            }
            long lineLength = newline > 0 && buffer.getByte(newline - 1) == '\r' ? newline - 1 : newline;
            if (lineLength == 0) {
                source.skip(newline + 1);
                appendRaw("\n");
                if (firstData != null) {
                    dispatch();
                    return true;
                }
                eventType = null;
                continue;
            }
            readLine(lineLength);
            source.skip(newline + 1 - lineLength);
            appendRaw("\n");
        }
    }

    /** The data of the event last read: its {@code data:} lines joined with {@code \n}. */
    public String data() {
        if (data == null) {
            throw new IllegalStateException("no event read yet: call next() first");
        }
        return data;
    }

    /** The type of the event last read ({@code event:}), or {@code "message"} when it named none. */
    public String event() {
        if (data == null) {
            throw new IllegalStateException("no event read yet: call next() first");
        }
        return event;
    }

    /** The last characters received, as they arrived (up to the limit given at construction). */
    public String rawTail() {
        return raw.length() <= rawTailLimit ? raw.toString() : raw.substring(raw.length() - rawTailLimit);
    }

    /** Every character received so far, including those no longer kept in {@link #rawTail()}. */
    public long rawLength() {
        return rawChars;
    }

    private void readLine(long length) throws IOException {
        if (buffer.getByte(0) == ':') {
            appendRaw(buffer.readUtf8(length));
            return;
        }
        long colon = buffer.indexOf((byte) ':', 0, length);
        long nameLength = colon == -1 ? length : colon;
        boolean isData = nameLength == DATA.size() && buffer.rangeEquals(0, DATA);
        boolean isEvent = !isData && nameLength == EVENT.size() && buffer.rangeEquals(0, EVENT);
        if (!isData && !isEvent) {
            appendRaw(buffer.readUtf8(length));
            return;
        }
        long valueStart = colon == -1 ? length : colon + 1;
        if (valueStart < length && buffer.getByte(valueStart) == ' ') {
            valueStart++;
        }
        appendRaw(buffer.readUtf8(valueStart));
        String value = buffer.readUtf8(length - valueStart);
        appendRaw(value);
        if (isEvent) {
            eventType = value;
        } else if (firstData == null) {
            firstData = value;
        } else {
            if (moreData == null) {
                moreData = new StringBuilder(firstData);
            }
            moreData.append('\n').append(value);
        }
    }

    private void dispatch() {
        data = moreData != null ? moreData.toString() : firstData;
        event = eventType != null ? eventType : "message";
        clearPending();
    }

    private void clearPending() {
        firstData = null;
        moreData = null;
        eventType = null;
    }

    private void appendRaw(String text) {
        rawChars += text.length();
        raw.append(text);
        if (raw.length() > 2 * rawTailLimit) {
            raw.delete(0, raw.length() - rawTailLimit);
        }
    }
}
