package dev.llmops.core.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 *     if (reader.dataEquals("[DONE]")) break;
 *     handle(reader.event(), reader.data());
 * }
 * }</pre>
 *
 * <p>An event's data is kept as the UTF-8 bytes it arrived as: a JSON parser can read it straight from
 * {@link #dataBytes()} without a {@code String} in between; {@link #data()} decodes it on first use. The raw
 * tail is kept as bytes too ({@link RawTail}). No regular expressions, no splitting.
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
    private final RawTail raw;
    private byte[] scratch = new byte[256];

    private String eventType;
    private byte[] pending = new byte[1024];
    private int pendingLength = -1;

    private byte[] data = new byte[1024];
    private int dataLength = -1;
    private String dataText;
    private String event;

    /** A reader keeping the last {@value #DEFAULT_RAW_TAIL} characters received. */
    public SseReader(BufferedSource source) {
        this(source, DEFAULT_RAW_TAIL);
    }

    /** A reader keeping the last {@code rawTailLimit} characters received for {@link #rawTail()}. */
    public SseReader(BufferedSource source, int rawTailLimit) {
        this.source = Objects.requireNonNull(source, "source");
        this.buffer = source.getBuffer();
        this.raw = new RawTail(rawTailLimit);
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
                    rawFromBuffer(Math.toIntExact(buffer.size()));
                }
                clearPending();
                return false;
            }
            long lineLength = newline > 0 && buffer.getByte(newline - 1) == '\r' ? newline - 1 : newline;
            if (lineLength == 0) {
                source.skip(newline + 1);
                raw.append((byte) '\n');
                if (pendingLength >= 0) {
                    dispatch();
                    return true;
                }
                eventType = null;
                continue;
            }
            readLine(Math.toIntExact(lineLength));
            source.skip(newline + 1 - lineLength);
            raw.append((byte) '\n');
        }
    }

    /** The data of the event last read: its {@code data:} lines joined with {@code \n}. */
    public String data() {
        requireEvent();
        if (dataText == null) {
            dataText = new String(data, 0, dataLength, StandardCharsets.UTF_8);
        }
        return dataText;
    }

    /**
     * The UTF-8 bytes of {@link #data()}: the first {@link #dataLength()} bytes of the array returned. The array
     * belongs to this reader and is overwritten by a later {@link #next()}; read it, never change it.
     */
    public byte[] dataBytes() {
        requireEvent();
        return data;
    }

    /** The number of bytes of {@link #dataBytes()} that hold the data. */
    public int dataLength() {
        requireEvent();
        return dataLength;
    }

    /** Whether the data of the event last read is exactly {@code ascii} (ASCII text, such as {@code [DONE]}). */
    public boolean dataEquals(String ascii) {
        requireEvent();
        if (dataLength != ascii.length()) {
            return false;
        }
        for (int i = 0; i < dataLength; i++) {
            if (data[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The type of the event last read ({@code event:}), or {@code "message"} when it named none. */
    public String event() {
        requireEvent();
        return event;
    }

    /** The last characters received, as they arrived (up to the limit given at construction). */
    public String rawTail() {
        return raw.text();
    }

    /** Every character received so far, including those no longer kept in {@link #rawTail()}. */
    public long rawLength() {
        return raw.length();
    }

    private void requireEvent() {
        if (dataLength < 0) {
            throw new IllegalStateException("no event read yet: call next() first");
        }
    }

    private void readLine(int length) throws IOException {
        if (buffer.getByte(0) == ':') {
            rawFromBuffer(length);
            return;
        }
        long colon = buffer.indexOf((byte) ':', 0, length);
        long nameLength = colon == -1 ? length : colon;
        boolean isData = nameLength == DATA.size() && buffer.rangeEquals(0, DATA);
        boolean isEvent = !isData && nameLength == EVENT.size() && buffer.rangeEquals(0, EVENT);
        if (!isData && !isEvent) {
            rawFromBuffer(length);
            return;
        }
        int valueStart = (int) (colon == -1 ? length : colon + 1);
        if (valueStart < length && buffer.getByte(valueStart) == ' ') {
            valueStart++;
        }
        rawFromBuffer(valueStart);
        int valueLength = length - valueStart;
        if (isEvent) {
            rawFromBuffer(valueLength);
            eventType = new String(scratch, 0, valueLength, StandardCharsets.UTF_8);
            return;
        }
        int at = pendingLength < 0 ? 0 : pendingLength + 1;
        if (at + valueLength > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(at + valueLength, 2 * pending.length));
        }
        if (at > 0) {
            pending[at - 1] = '\n';
        }
        readFully(pending, at, valueLength);
        raw.append(pending, at, valueLength);
        pendingLength = at + valueLength;
    }

    /** Moves {@code length} bytes from the buffer to the raw tail, leaving them in {@code scratch}. */
    private void rawFromBuffer(int length) {
        if (length > scratch.length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        readFully(scratch, 0, length);
        raw.append(scratch, 0, length);
    }

    private void readFully(byte[] target, int offset, int length) {
        int done = 0;
        while (done < length) {
            int read = buffer.read(target, offset + done, length - done);
            if (read == -1) {
                throw new IllegalStateException("the buffer holds fewer bytes than the line it indexed");
            }
            done += read;
        }
    }

    private void dispatch() {
        byte[] swap = data;
        data = pending;
        dataLength = pendingLength;
        pending = swap;
        dataText = null;
        event = eventType != null ? eventType : "message";
        clearPending();
    }

    private void clearPending() {
        pendingLength = -1;
        eventType = null;
    }
}
