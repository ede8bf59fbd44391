package dev.llmops.prompts.internal;

import dev.llmops.prompts.PromptFormatException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Mustache tags of a template, each with its line and the sections it sits in, so that variables and
 * partials are checked at load time and errors name their line. Set-delimiter tags are refused: with them a
 * scan could not tell tags from text.
 *
 * <p>Immutable and thread-safe.
 *
 * @param tags every variable, section and partial tag, in order
 */
public record TemplateScan(List<Tag> tags) {
    private static final Pattern TAG = Pattern.compile("\\{\\{(\\{?)(.*?)(}?)}}", Pattern.DOTALL);

    public TemplateScan {
        tags = List.copyOf(tags);
    }

    /** What a tag is. */
    public enum Kind { VARIABLE, SECTION, INVERTED, PARTIAL }

    /**
     * One tag.
     *
     * @param kind     what it is
     * @param name     the variable, section or partial name as written (trimmed)
     * @param line     its file line
     * @param sections the names of the sections around it, outermost first
     */
    public record Tag(Kind kind, String name, int line, List<String> sections) {
        public Tag {
            sections = List.copyOf(sections);
        }

        /** The first segment of a dotted name ({@code user} of {@code user.name}). */
        public String root() {
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }
    }

    /** Scans {@code body}, whose first line is line {@code firstLine} of {@code file}. */
    public static TemplateScan of(String body, String file, int firstLine) {
        List<Tag> tags = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        Deque<Integer> openLines = new ArrayDeque<>();
        Matcher m = TAG.matcher(body);
        int line = firstLine;
        int last = 0;
        while (m.find()) {
            line += count(body, last, m.start());
            last = m.start();
            String content = m.group(2).trim();
            boolean triple = !m.group(1).isEmpty();
            if (triple || content.isEmpty()) {
                if (!content.isEmpty()) {
                    tags.add(new Tag(Kind.VARIABLE, content, line, List.copyOf(open).reversed()));
                }
                continue;
            }
            char sigil = content.charAt(0);
            String name = content.substring(1).trim();
            switch (sigil) {
                case '!' -> { }
                case '=' -> throw new PromptFormatException("set-delimiter tag {{" + content + "}} is not supported", file, line,
                        "keep the {{ }} delimiters; write a literal '{{' as {{{open}}} with a variable, or avoid it");
                case '#', '^' -> {
                    tags.add(new Tag(sigil == '#' ? Kind.SECTION : Kind.INVERTED, name, line, List.copyOf(open).reversed()));
                    open.push(name);
                    openLines.push(line);
                }
                case '/' -> {
                    if (open.isEmpty() || !open.peek().equals(name)) {
                        throw new PromptFormatException("section end {{/" + name + "}} does not close an open section"
                                + (open.isEmpty() ? "" : " (open: {{#" + open.peek() + "}} from line " + openLines.peek() + ")"),
                                file, line, "close sections in the reverse order they were opened");
                    }
                    open.pop();
                    openLines.pop();
                }
                case '>' -> tags.add(new Tag(Kind.PARTIAL, name, line, List.copyOf(open).reversed()));
                case '&' -> tags.add(new Tag(Kind.VARIABLE, name, line, List.copyOf(open).reversed()));
                case '<', '$' -> throw new PromptFormatException("template inheritance tag {{" + content + "}} is not supported",
                        file, line, "use a partial ({{> name}}) instead");
                default -> tags.add(new Tag(Kind.VARIABLE, content, line, List.copyOf(open).reversed()));
            }
        }
        if (!open.isEmpty()) {
            throw new PromptFormatException("section {{#" + open.peek() + "}} is never closed", file, openLines.peek(),
                    "add {{/" + open.peek() + "}} where the section ends");
        }
        return new TemplateScan(tags);
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The partial tags. */
    public List<Tag> partials() {
        return tags.stream().filter(t -> t.kind() == Kind.PARTIAL).toList();
    }
}
