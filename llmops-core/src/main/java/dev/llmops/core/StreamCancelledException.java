package dev.llmops.core;

/**
 * Thrown by a {@link ChatStream}'s iterator after the stream was closed, for example from another thread
 * while the consumer was waiting for the next event.
 *
 * <p>Immutable and thread-safe.
 */
public class StreamCancelledException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    public StreamCancelledException(String message) {
        super(message);
    }

    public StreamCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
