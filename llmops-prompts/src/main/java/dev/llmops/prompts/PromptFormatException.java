package dev.llmops.prompts;

/**
 * A prompt, label or lock file cannot be read: malformed YAML or template, a missing or invalid field, a duplicate version, a cyclic partial.
 *
 * <p>Immutable and thread-safe.
 */
public class PromptFormatException extends PromptException {
    private static final long serialVersionUID = 1L;

    public PromptFormatException(String problem, String file, int line, String fix) {
        super(problem, file, line, fix);
    }

    public PromptFormatException(String problem, String file, int line, String fix, Throwable cause) {
        super(problem, file, line, fix, cause);
    }
}
