package dev.llmops.prompts;

import dev.llmops.core.LlmopsException;
import java.util.Objects;
import java.util.Optional;

/**
 * A prompt could not be loaded, found or rendered. The message names the file and line where there is one,
 * the input at fault, and the fix; the same facts are available as {@link #file()}, {@link #line()} and
 * {@link #fix()}. Subtypes say what went wrong: {@link PromptFormatException} (a file that cannot be read as a
 * prompt), {@link PromptVariableException} (a variable that is missing, undeclared or of the wrong type),
 * {@link PromptNotFoundException} (a name, version or label that does not exist) and
 * {@link PromptIntegrityException} (a released version whose text changed).
 *
 * <p>Immutable and thread-safe.
 */
public class PromptException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String file;
    private final int line;
    private final String fix;

    /**
     * @param problem what is wrong, naming the input
     * @param file    the file at fault, or {@code null} when none
     * @param line    the 1-based line in {@code file}, or 0 when unknown
     * @param fix     what to do about it
     */
    public PromptException(String problem, String file, int line, String fix) {
        this(problem, file, line, fix, null);
    }

    public PromptException(String problem, String file, int line, String fix, Throwable cause) {
        this(problem, file, line, fix, "", cause);
    }

    /** As above, with {@code detail} (a diff, a list of names) on the lines after the message. */
    protected PromptException(String problem, String file, int line, String fix, String detail, Throwable cause) {
        super(format(problem, file, line, fix) + (detail.isEmpty() ? "" : "\n" + detail), cause);
        this.problem = problem;
        this.file = file;
        this.line = Math.max(0, line);
        this.fix = Objects.requireNonNull(fix, "fix");
    }

    private static String format(String problem, String file, int line, String fix) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        return sb.append(Objects.requireNonNull(problem, "problem")).append(": ").append(fix).toString();
    }

    /** What is wrong, without the file, line and fix. */
    public String problem() {
        return problem;
    }

    /** The file at fault, when there is one. */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line in {@link #file()}, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** What to do about it. */
    public String fix() {
        return fix;
    }
}
