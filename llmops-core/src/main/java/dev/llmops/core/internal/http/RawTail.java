package dev.llmops.core.internal.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last characters a stream reader received, for the {@link dev.llmops.core.ResponseParseException} of a stream
 * that ends early or sends something unreadable. Kept as the UTF-8 bytes they arrived as and decoded only when
 * {@link #text()} is asked for, so keeping them costs a copy per byte, not a {@code String} per line. Shared by
 * {@link SseReader} and {@link NdjsonReader}.
 *
 * <pre>{@code
 * RawTail raw = new RawTail(16 * 1024);
 * raw.append(bytes, 0, n);
 * throw new ResponseParseException(..., raw.text(), null);
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class RawTail {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int limit;
    /** Bytes kept after a compaction: enough for {@code limit} characters of any UTF-8, and a cut sequence. */
    private final int keep;
    private byte[] bytes;
    private int size;
    private long chars;

    /** A tail keeping the last {@code limit} characters; {@code limit} must be positive. */
    public RawTail(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("rawTailLimit " + limit + " is not positive");
        }
        this.limit = limit;
        this.keep = 4 * limit + 8;
        this.bytes = new byte[Math.min(2 * keep, 1024)];
    }

    /** Appends {@code length} bytes of UTF-8 from {@code source} at {@code offset}. */
    public void append(byte[] source, int offset, int length) {
        chars += countChars(source, offset, length);
        if (length >= keep) {
            ensureCapacity(keep);
            System.arraycopy(source, offset + length - keep, bytes, 0, keep);
            size = keep;
            return;
        }
        if (size + length > 2 * keep) {
            System.arraycopy(bytes, size - keep, bytes, 0, keep);
            size = keep;
        }
        ensureCapacity(size + length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** Appends one ASCII byte, such as a line's {@code \n}. */
    public void append(byte ascii) {
        if (size + 1 > 2 * keep) {
            System.arraycopy(bytes, size - keep, bytes, 0, keep);
            size = keep;
        }
        ensureCapacity(size + 1);
        bytes[size++] = ascii;
        chars++;
    }

    /** The last characters received (up to the limit given at construction), as they arrived. */
    public String text() {
        String text = new String(bytes, 0, size, StandardCharsets.UTF_8);
        return text.length() <= limit ? text : text.substring(text.length() - limit);
    }

    /** Every character received so far, including those no longer kept. */
    public long length() {
        return chars;
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(Math.max(needed, 2 * bytes.length), 2 * keep));
        }
    }

    /**
     * UTF-16 characters in valid UTF-8: one per lead byte, two for a four-byte sequence. Eight ASCII bytes at a
     * time, since most of what providers send is ASCII.
     */
    private static int countChars(byte[] source, int offset, int length) {
        int count = 0;
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (i + Long.BYTES <= end && ((long) LONGS.get(source, i) & 0x8080808080808080L) == 0) {
                count += Long.BYTES;
                i += Long.BYTES;
                continue;
            }
            byte b = source[i++];
            if ((b & 0xC0) != 0x80) {
                count += (b & 0xF8) == 0xF0 ? 2 : 1;
            }
        }
        return count;
    }
}
