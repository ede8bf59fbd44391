package dev.llmops.prompts.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Role lines ({@code system:}, {@code user:}, {@code assistant:} alone on a line) in a template. Before
 * compiling, each role line is replaced by a marker holding a NUL character; rendered values have NUL removed,
 * so only the template, never a value, can start a message, and a rendered text holds NUL only around roles.
 *
 * <p>Thread-safe (stateless).
 */
public final class Roles {
    private static final Pattern LINE = Pattern.compile("(?m)^[ \\t]*(system|user|assistant)[ \\t]*:[ \\t]*$");

    private Roles() {
    }

    /** A role line: the role and where the line starts and ends. */
    public record Marker(String role, int start, int end) {
    }

    public static List<Marker> markers(String body) {
        List<Marker> markers = new ArrayList<>();
        Matcher m = LINE.matcher(body);
        while (m.find()) {
            markers.add(new Marker(m.group(1), m.start(), m.end()));
        }
        return markers;
    }

    /** {@code body} with each role line replaced by its marker (line count unchanged). */
    public static String mark(String body) {
        return LINE.matcher(body).replaceAll("\u0000$1\u0000");
    }

    /** A rendered value made safe: without NUL. */
    public static String clean(String value) {
        return value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "");
    }

    /** A rendered text split into (role, text) pairs; a text without markers is one user turn. */
    public static List<String[]> split(String rendered) {
        List<String[]> turns = new ArrayList<>();
        String role = "user";
        int from = 0;
        for (int open = rendered.indexOf('\u0000'); open >= 0; open = rendered.indexOf('\u0000', from)) {
            int close = rendered.indexOf('\u0000', open + 1);
            add(turns, role, rendered.substring(from, open));
            role = rendered.substring(open + 1, close);
            from = close + 1;
        }
        add(turns, role, rendered.substring(from));
        return turns;
    }

    private static void add(List<String[]> turns, String role, String text) {
        String t = text.strip();
        if (!t.isEmpty()) {
            turns.add(new String[] {role, t});
        }
    }
}
