package dev.llmops.core;

/**
 * The provider rejected the credentials (HTTP 401) or the key lacks permission for the request (403).
 * Never retryable: fix the API key, its scopes or the organisation/project settings.
 *
 * <p>Immutable and thread-safe.
 */
public class AuthenticationException extends ProviderException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String provider, int statusCode, String errorCode, String message) {
        super(provider, statusCode, errorCode, false, null, message, null);
    }
}
