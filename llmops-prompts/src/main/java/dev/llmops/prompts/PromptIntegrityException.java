package dev.llmops.prompts;

import java.util.Objects;

/**
 * A released version's text no longer matches the hash recorded in {@code prompts.lock}. Released versions
 * never change: {@link #diff()} shows what changed, so it can be moved into a new version.
 *
 * <p>Immutable and thread-safe.
 */
public class PromptIntegrityException extends PromptException {
    private static final long serialVersionUID = 1L;

    private final String diff;

    public PromptIntegrityException(String problem, String file, String fix, String diff) {
        super(problem, file, 0, fix, diff, null);
        this.diff = Objects.requireNonNull(diff, "diff");
    }

    /** The change, as a unified diff from the released text to the file's text. */
    public String diff() {
        return diff;
    }
}
