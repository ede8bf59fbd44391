package dev.llmops.prompts.internal;

import dev.llmops.prompts.PromptFormatException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code labels.yaml}: for each prompt, each label and the version it points at.
 *
 * <pre>
 * support-answer:
 *   production: "2"
 *   staging: "3"
 * </pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param labels prompt name to label to version
 * @param lines  prompt name to label to the line of its entry (0 when written by the registry)
 * @param file   where it was read from
 */
public record LabelsFile(Map<String, Map<String, String>> labels, Map<String, Map<String, Integer>> lines, String file) {
    /** Label names: a lowercase letter, then letters, digits, '_' or '-'. */
    public static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    /** The label the registry maintains. */
    public static final String LATEST = "latest";

    public LabelsFile {
        labels = deepCopy(labels);
        lines = deepCopy(lines);
    }

    private static <V> Map<String, Map<String, V>> deepCopy(Map<String, Map<String, V>> map) {
        Map<String, Map<String, V>> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        return Collections.unmodifiableMap(copy);
    }

    public static LabelsFile parse(String text, String file) {
        Yaml yaml = new Yaml(file, 1);
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> lines = new LinkedHashMap<>();
        Node root = yaml.parse(Hashing.normalize(text)).orElse(null);
        if (root != null) {
            for (Map.Entry<String, Node> prompt : yaml.mapping(root, "the labels file").entrySet()) {
                Map<String, String> byLabel = new LinkedHashMap<>();
                Map<String, Integer> byLine = new LinkedHashMap<>();
                for (Map.Entry<String, Node> label : yaml.mapping(prompt.getValue(), "labels of " + prompt.getKey()).entrySet()) {
                    int line = yaml.keyLine(prompt.getValue(), label.getKey());
                    if (!LABEL.matcher(label.getKey()).matches() || label.getKey().equals(LATEST)) {
                        throw new PromptFormatException("label '" + label.getKey() + "' of prompt " + prompt.getKey() + " is invalid",
                                file, line, label.getKey().equals(LATEST) ? "remove it: 'latest' is maintained by the registry"
                                        : "name labels with a lowercase letter, then letters, digits, '_' or '-'");
                    }
                    byLabel.put(label.getKey(), yaml.scalar(label.getValue(), "the version of label " + label.getKey()));
                    byLine.put(label.getKey(), line);
                }
                labels.put(prompt.getKey(), byLabel);
                lines.put(prompt.getKey(), byLine);
            }
        }
        return new LabelsFile(labels, lines, file);
    }

    /** This file with {@code prompt}'s {@code label} set to {@code version}. */
    public LabelsFile with(String prompt, String label, String version) {
        Map<String, Map<String, String>> copy = new TreeMap<>(labels);
        Map<String, String> byLabel = new TreeMap<>(copy.getOrDefault(prompt, Map.of()));
        byLabel.put(label, version);
        copy.put(prompt, byLabel);
        return new LabelsFile(copy, Map.of(), file);
    }

    /** The YAML text, prompts and labels sorted, versions quoted. */
    public String write() {
        StringBuilder out = new StringBuilder("# Which version each label points at; 'latest' is maintained by the registry.\n"
                + "# Change labels with PromptRegistry.setLabel/rollback so the audit trail records who, when and why.\n");
        labels.forEach((prompt, byLabel) -> {
            out.append(prompt).append(":\n");
            byLabel.forEach((label, version) -> out.append("  ").append(label).append(": \"").append(version).append("\"\n"));
        });
        return out.toString();
    }

    public int line(String prompt, String label) {
        return lines.getOrDefault(prompt, Map.of()).getOrDefault(label, 0);
    }
}
