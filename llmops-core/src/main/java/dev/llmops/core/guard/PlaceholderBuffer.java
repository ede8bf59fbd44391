package dev.llmops.core.guard;

/**
 * Restores placeholders in a text that arrives in pieces, holding back a tail that may be the start of a
 * placeholder split across pieces ({@code "[EMA"} then {@code "IL_1] ok"}), so every piece it releases is
 * fully restored and the pieces it releases join to the restored whole.
 *
 * <p>Not thread-safe: it belongs to one stream.
 */
final class PlaceholderBuffer {
    private final Redaction redaction;
    private final StringBuilder held = new StringBuilder();

    PlaceholderBuffer(Redaction redaction) {
        this.redaction = redaction;
    }

    /** Takes the next piece and returns what can be released now, restored; possibly empty. */
    String push(String piece) {
        held.append(piece);
        int keep = possiblePlaceholderStart();
        String ready = held.substring(0, keep);
        held.delete(0, keep);
        return redaction.restore(ready);
    }

    /** Releases whatever is held, restored; the text has ended. */
    String flush() {
        String rest = held.toString();
        held.setLength(0);
        return redaction.restore(rest);
    }

    /**
     * Where a tail that could still become a placeholder starts: the last {@code [} followed only by capitals,
     * digits and underscores, and shorter than the longest placeholder issued; else the end of the held text.
     */
    private int possiblePlaceholderStart() {
        int open = held.lastIndexOf("[");
        if (open < 0 || held.length() - open >= Math.max(1, redaction.longestPlaceholder())) {
            return held.length();
        }
        for (int i = open + 1; i < held.length(); i++) {
            char c = held.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return held.length();
            }
        }
        return open;
    }
}
