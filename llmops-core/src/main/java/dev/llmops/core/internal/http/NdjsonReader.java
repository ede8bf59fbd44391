package dev.llmops.core.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads newline-delimited JSON (NDJSON, one JSON value per line) from an OkHttp response body, one line at
 * a time. Lines may end in {@code \n} or {@code \r\n}; blank lines are skipped. A last line without its
 * newline is still returned (the caller decides whether the value it holds is complete). Keeps the last
 * characters received for diagnostics in a {@link RawTail}, like {@link SseReader}.
 *
 * <pre>{@code
 * NdjsonReader reader = new NdjsonReader(response.body().source());
 * while (reader.next()) {
 *     handle(reader.line());
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class NdjsonReader {
    private final BufferedSource source;
    private final Buffer buffer;
    private final RawTail raw;
    private byte[] scratch = new byte[1024];
    private String line;

    /** A reader keeping the last {@value SseReader#DEFAULT_RAW_TAIL} characters received. */
    public NdjsonReader(BufferedSource source) {
        this(source, SseReader.DEFAULT_RAW_TAIL);
    }

    /** A reader keeping the last {@code rawTailLimit} characters received for {@link #rawTail()}. */
    public NdjsonReader(BufferedSource source, int rawTailLimit) {
        this.source = Objects.requireNonNull(source, "source");
        this.buffer = source.getBuffer();
        this.raw = new RawTail(rawTailLimit);
    }

    /**
     * Reads the next non-blank line. Blocks until one arrives.
     *
     * @return {@code true} when a line was read ({@link #line()}), {@code false} at the end of the input
     * @throws IOException when reading fails (a cut connection, a timeout, a cancelled call)
     */
    public boolean next() throws IOException {
        while (true) {
            long newline = source.indexOf((byte) '\n');
            String text;
            if (newline == -1) {
                if (buffer.size() == 0) {
                    return false;
                }
                text = readText(Math.toIntExact(buffer.size()));
            } else {
                text = readText(Math.toIntExact(newline));
                buffer.skip(1);
                raw.append((byte) '\n');
            }
            String stripped = text.strip();
            if (!stripped.isEmpty()) {
                line = stripped;
                return true;
            }
        }
    }

    /** The line last read, without its line ending. */
    public String line() {
        if (line == null) {
            throw new IllegalStateException("no line read yet: call next() first");
        }
        return line;
    }

    /** The last characters received, as they arrived (up to the limit given at construction). */
    public String rawTail() {
        return raw.text();
    }

    /** Every character received so far, including those no longer kept in {@link #rawTail()}. */
    public long rawLength() {
        return raw.length();
    }

    /** Reads {@code length} bytes into the raw tail and returns them decoded. */
    private String readText(int length) {
        if (length > scratch.length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        int done = 0;
        while (done < length) {
            done += buffer.read(scratch, done, length - done);
        }
        raw.append(scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }
}
