package dev.llmops.prompts;

/**
 * A prompt name, version or label that does not exist (or no longer exists).
 *
 * <p>Immutable and thread-safe.
 */
public class PromptNotFoundException extends PromptException {
    private static final long serialVersionUID = 1L;

    public PromptNotFoundException(String problem, String file, int line, String fix) {
        super(problem, file, line, fix);
    }

    public PromptNotFoundException(String problem, String file, int line, String fix, Throwable cause) {
        super(problem, file, line, fix, cause);
    }
}
