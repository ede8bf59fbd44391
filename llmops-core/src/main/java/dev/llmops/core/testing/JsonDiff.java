package dev.llmops.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The differences between two JSON trees as lines {@code path: recorded X but requested Y}, paths written
 * as {@code messages[1].parts[0].text}. A side that lacks a value reads {@code (absent)}; long strings are
 * shown around their first difference.
 *
 * <p>Thread-safe (stateless).
 */
final class JsonDiff {
    private static final String ABSENT = "(absent)";
    private static final int MAX_SHOWN = 100;
    private static final int CONTEXT_BEFORE = 30;

    private JsonDiff() {
    }

    /** Every difference between {@code recorded} and {@code requested}, in document order. */
    static List<String> differences(JsonNode recorded, JsonNode requested) {
        List<String> differences = new ArrayList<>();
        compare("", recorded, requested, differences);
        return differences;
    }

    private static void compare(String path, JsonNode recorded, JsonNode requested, List<String> out) {
        if (recorded == null || requested == null) {
            out.add(line(path, recorded, requested));
        } else if (recorded.isObject() && requested.isObject()) {
            Set<String> names = new LinkedHashSet<>(recorded.propertyNames());
            names.addAll(requested.propertyNames());
            for (String name : names) {
                compare(path.isEmpty() ? name : path + "." + name, recorded.get(name), requested.get(name), out);
            }
        } else if (recorded.isArray() && requested.isArray()) {
            int size = Math.max(recorded.size(), requested.size());
            for (int i = 0; i < size; i++) {
                compare(path + "[" + i + "]", i < recorded.size() ? recorded.get(i) : null,
                        i < requested.size() ? requested.get(i) : null, out);
            }
        } else if (!recorded.equals(requested)) {
            out.add(line(path, recorded, requested));
        }
    }

    private static String line(String path, JsonNode recorded, JsonNode requested) {
        String[] shown = show(recorded, requested);
        return (path.isEmpty() ? "(root)" : path) + ": recorded " + shown[0] + " but requested " + shown[1];
    }

    /** Both values as JSON; two long strings cut to a window around where they first differ. */
    private static String[] show(JsonNode recorded, JsonNode requested) {
        if (recorded != null && requested != null && recorded.isString() && requested.isString()) {
            String a = recorded.stringValue();
            String b = requested.stringValue();
            if (a.length() > MAX_SHOWN || b.length() > MAX_SHOWN) {
                int first = firstDifference(a, b);
                int from = Math.max(0, first - CONTEXT_BEFORE);
                return new String[] {window(a, from), window(b, from)};
            }
        }
        return new String[] {render(recorded), render(requested)};
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    private static String window(String text, int from) {
        int to = Math.min(text.length(), from + MAX_SHOWN);
        String quoted = StringNode.valueOf(text.substring(from, to)).toString();
        String body = quoted.substring(1, quoted.length() - 1);
        return "\"" + (from > 0 ? "..." : "") + body + (to < text.length() ? "..." : "") + "\" (" + text.length() + " chars)";
    }

    private static String render(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return ABSENT;
        }
        String json = node.toString();
        return json.length() <= MAX_SHOWN ? json : json.substring(0, MAX_SHOWN) + "...";
    }
}
