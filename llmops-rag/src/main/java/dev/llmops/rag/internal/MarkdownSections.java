package dev.llmops.rag.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts Markdown into sections at ATX headings ({@code #} to {@code ######}), ignoring lines inside fenced code
 * blocks, and gives each section the path of headings above it.
 *
 * <p>Immutable and thread-safe.
 */
public final class MarkdownSections {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

    private MarkdownSections() {
    }

    /**
     * A section: {@code [start, end)} of the source, its heading line included, and the headings above it and its
     * own, outermost first (empty before the first heading). Immutable and thread-safe.
     */
    public record Section(int start, int end, List<String> headingPath) {
        public Section {
            headingPath = List.copyOf(headingPath);
        }
    }

    /** The sections of {@code text}, in order, covering it from the first char to the last. */
    public static List<Section> of(String text) {
        var sections = new ArrayList<Section>();
        var path = new ArrayList<String>();
        var levels = new ArrayList<Integer>();
        List<String> current = List.of();
        int sectionStart = 0;
        String fence = null;
        int lineStart = 0;
        while (lineStart < text.length()) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl;
            String line = text.substring(lineStart, lineEnd);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            Matcher f = FENCE.matcher(line);
            if (fence != null) {
                if (f.find() && f.group(1).charAt(0) == fence.charAt(0) && f.group(1).length() >= fence.length()) {
                    fence = null;
                }
            } else if (f.find()) {
                fence = f.group(1);
            } else {
                Matcher h = HEADING.matcher(line);
                if (h.matches()) {
                    if (lineStart > sectionStart) {
                        sections.add(new Section(sectionStart, lineStart, current));
                    }
                    int level = h.group(1).length();
                    while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
                        levels.remove(levels.size() - 1);
                        path.remove(path.size() - 1);
                    }
                    levels.add(level);
                    path.add(h.group(2) == null ? "" : h.group(2).strip());
                    current = List.copyOf(path);
                    sectionStart = lineStart;
                }
            }
            lineStart = nl < 0 ? text.length() : nl + 1;
        }
        if (text.length() > sectionStart) {
            sections.add(new Section(sectionStart, text.length(), current));
        }
        return sections;
    }
}
