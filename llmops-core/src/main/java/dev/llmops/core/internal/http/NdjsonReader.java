package dev.llmops.core.internal.http;

import java.io.IOException;
import java.util.Objects;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Reads newline-delimited JSON (NDJSON, one JSON value per line) from an OkHttp response body, one line at
 * a time. Lines may end in {@code \n} or {@code \r\n}; blank lines are skipped. A last line without its
 * newline is still returned (the caller decides whether the value it holds is complete). Keeps the last
 * characters received for diagnostics, like {@link SseReader}.
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
    private final int rawTailLimit;
    private final StringBuilder raw = new StringBuilder();
    private long rawChars;
    private String line;

    /** A reader keeping the last {@value SseReader#DEFAULT_RAW_TAIL} characters received. */
    public NdjsonReader(BufferedSource source) {
        this(source, SseReader.DEFAULT_RAW_TAIL);
    }

    /** A reader keeping the last {@code rawTailLimit} characters received for {@link #rawTail()}. */
    public NdjsonReader(BufferedSource source, int rawTailLimit) {
        this.source = Objects.requireNonNull(source, "source");
        this.buffer = source.getBuffer();
        if (rawTailLimit <= 0) {
            throw new IllegalArgumentException("rawTailLimit " + rawTailLimit + " is not positive");
        }
        this.rawTailLimit = rawTailLimit;
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
                text = buffer.readUtf8();
                appendRaw(text);
            } else {
                text = buffer.readUtf8(newline);
                buffer.skip(1);
                appendRaw(text);
                appendRaw("\n");
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
        return raw.length() <= rawTailLimit ? raw.toString() : raw.substring(raw.length() - rawTailLimit);
    }

    /** Every character received so far, including those no longer kept in {@link #rawTail()}. */
    public long rawLength() {
        return rawChars;
    }

    private void appendRaw(String text) {
        rawChars += text.length();
        raw.append(text);
        if (raw.length() > 2 * rawTailLimit) {
            raw.delete(0, raw.length() - rawTailLimit);
        }
    }
}
