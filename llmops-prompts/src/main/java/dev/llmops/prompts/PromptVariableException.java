package dev.llmops.prompts;

import java.util.Objects;

/**
 * A variable is missing, undeclared, of the wrong type or not among its allowed values. {@link #variable()}
 * names it.
 *
 * <p>Immutable and thread-safe.
 */
public class PromptVariableException extends PromptException {
    private static final long serialVersionUID = 1L;

    private final String variable;

    public PromptVariableException(String variable, String problem, String file, int line, String fix) {
        super(problem, file, line, fix);
        this.variable = Objects.requireNonNull(variable, "variable");
    }

    /** The variable at fault. */
    public String variable() {
        return variable;
    }
}
