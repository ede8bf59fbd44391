package dev.llmops.core;

/**
 * A provider call exceeded its connect, read or whole-call timeout. Retryable; the message names which
 * timeout fired and its configured value.
 *
 * <p>Immutable and thread-safe.
 */
public class ProviderTimeoutException extends ProviderUnavailableException {
    private static final long serialVersionUID = 1L;

    public ProviderTimeoutException(String provider, String message, Throwable cause) {
        super(provider, 0, null, null, message, cause);
    }
}
