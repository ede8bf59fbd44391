package dev.llmops.core.internal.structured;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JSON in a model's answer: the text without surrounding whitespace and without a surrounding
 * Markdown code fence (<code>```json ... ```</code>), which models add even when asked for bare JSON.
 *
 * <p>Thread-safe (stateless).
 */
final class AnswerText {
    private static final Pattern FENCED = Pattern.compile("^```[A-Za-z0-9_+.-]*\\s*(.*?)\\s*(?:```)?$", Pattern.DOTALL);

    private AnswerText() {
    }

    /** The JSON text inside {@code answer}; the stripped answer itself when it is not fenced. */
    static String json(String answer) {
        String text = answer.strip();
        if (!text.startsWith("```")) {
            return text;
        }
        Matcher m = FENCED.matcher(text);
        return m.matches() ? m.group(1) : text;
    }
}
