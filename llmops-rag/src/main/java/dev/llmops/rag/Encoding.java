package dev.llmops.rag;

import java.util.Arrays;
import java.util.Objects;

/**
 * A text encoded for a BERT-style model: token ids with {@code [CLS]} first and {@code [SEP]} last, cut to the
 * maximum length when it was longer.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ids         the ids fed to the model, special tokens included; copied
 * @param fullLength  how many ids the whole text needed, special tokens included
 * @param truncated   whether ids were cut ({@code fullLength > ids.length})
 */
public record Encoding(int[] ids, int fullLength, boolean truncated) {
    public Encoding {
        Objects.requireNonNull(ids, "ids");
        if (fullLength < ids.length || truncated != (fullLength > ids.length)) {
            throw new IllegalArgumentException("encoding of " + ids.length + " ids cannot come from " + fullLength
                    + " tokens with truncated=" + truncated);
        }
        ids = ids.clone();
    }

    /** A copy of the ids. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** The number of ids fed to the model. */
    public int length() {
        return ids.length;
    }

    /** The id at {@code index}. */
    public int id(int index) {
        return ids[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && fullLength == e.fullLength;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + fullLength;
    }

    @Override
    public String toString() {
        return "Encoding[ids=" + Arrays.toString(ids) + ", fullLength=" + fullLength + ", truncated=" + truncated + "]";
    }
}
