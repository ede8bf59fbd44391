package dev.llmops.core;

/**
 * A provider's response could not be read: malformed JSON, a missing field, or a stream that ended before
 * its end marker. Keeps the raw text that was received so the failure can be diagnosed. Retryable: the
 * usual causes are a truncated body or a cut connection.
 *
 * <p>Immutable and thread-safe.
 */
public class ResponseParseException extends ProviderException {
    private static final long serialVersionUID = 1L;

    private final String rawText;

    public ResponseParseException(String provider, int statusCode, String message, String rawText, Throwable cause) {
        super(provider, statusCode, null, true, null, message, cause);
        this.rawText = rawText == null ? "" : rawText;
    }

    /** Everything received before parsing failed (for a stream: every line received so far). */
    public String rawText() {
        return rawText;
    }
}
