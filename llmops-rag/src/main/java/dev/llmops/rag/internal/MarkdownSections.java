package dev.llmops.rag.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts Markdown into sections at ATX headings ({@code #} to {@code ######}) and Setext headings (a text line
 * underlined with {@code ===} or {@code ---}; only that one line is the heading), ignoring lines inside fenced code
 * blocks, and gives each section the path of headings above it.
 *
 * <p>Immutable and thread-safe.
 */
public final class MarkdownSections {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");

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
        var path = new Path();
        int sectionStart = 0;
        String fence = null;
        int lineStart = 0;
        int textLineStart = -1; // start of the previous line when it was plain text, else -1
        String textLine = null;
        while (lineStart < text.length()) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl;
            String line = text.substring(lineStart, lineEnd);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            int nextTextLineStart = -1;
            Matcher f = FENCE.matcher(line);
            if (fence != null) {
                if (f.find() && f.group(1).charAt(0) == fence.charAt(0) && f.group(1).length() >= fence.length()) {
                    fence = null;
                }
            } else if (f.find()) {
                fence = f.group(1);
            } else {
                Matcher h = HEADING.matcher(line);
                Matcher setext = SETEXT.matcher(line);
                if (h.matches()) {
                    sectionStart = startSection(sections, sectionStart, lineStart, path, h.group(1).length(), h.group(2));
                } else if (textLineStart >= 0 && setext.matches()) {
                    int level = setext.group(1).charAt(0) == '=' ? 1 : 2;
                    sectionStart = startSection(sections, sectionStart, textLineStart, path, level, textLine);
                } else if (!line.isBlank()) {
                    nextTextLineStart = lineStart;
                    textLine = line;
                }
            }
            textLineStart = nextTextLineStart;
            lineStart = nl < 0 ? text.length() : nl + 1;
        }
        if (text.length() > sectionStart) {
            sections.add(new Section(sectionStart, text.length(), path.current));
        }
        return sections;
    }

    /** Ends the section before {@code headingStart} and returns the start of the heading's own section. */
    private static int startSection(List<Section> sections, int sectionStart, int headingStart, Path path, int level,
            String title) {
        if (headingStart > sectionStart) {
            sections.add(new Section(sectionStart, headingStart, path.current));
        }
        path.enter(level, title == null ? "" : title.strip());
        return headingStart;
    }

    /** The open headings, outermost first, with their levels. */
    private static final class Path {
        final List<String> titles = new ArrayList<>();
        final List<Integer> levels = new ArrayList<>();
        List<String> current = List.of();

        void enter(int level, String title) {
            while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
                levels.remove(levels.size() - 1);
                titles.remove(titles.size() - 1);
            }
            levels.add(level);
            titles.add(title);
            current = List.copyOf(titles);
        }
    }
}
