package dev.llmops.prompts.internal;

import dev.llmops.prompts.PromptFormatException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * YAML read as a node tree that keeps lines, so every error names the line of the value at fault. A
 * {@code Yaml} reads one document of one file; {@code firstLine} is the file line of the document's first line.
 *
 * <p>Not thread-safe: one instance reads one document.
 */
public final class Yaml {
    private final String file;
    private final int firstLine;

    public Yaml(String file, int firstLine) {
        this.file = file;
        this.firstLine = firstLine;
    }

    /** The document's root, or empty for an empty document. */
    public Optional<Node> parse(String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(20).build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + firstLine).orElse(firstLine);
            throw new PromptFormatException("malformed YAML: " + e.getProblem(), file, line,
                    "fix the YAML syntax at that line (indentation, a missing ':' or an unclosed quote)", e);
        } catch (YamlEngineException e) {
            throw new PromptFormatException("malformed YAML: " + e.getMessage(), file, firstLine,
                    "fix the YAML syntax", e);
        }
    }

    /** The file line of a node. */
    public int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + firstLine).orElse(firstLine);
    }

    public String file() {
        return file;
    }

    /** The entries of a mapping node, keys as text, in file order. */
    public Map<String, Node> mapping(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, what + " must be a mapping (key: value lines)", "write " + what + " as a YAML mapping");
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            entries.put(scalar(t.getKeyNode(), "a key of " + what), t.getValueNode());
        }
        return entries;
    }

    /** The key node of {@code key} in a mapping node, for the line of a key. */
    public int keyLine(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                    return line(t.getKeyNode());
                }
            }
        }
        return line(mapping);
    }

    public List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode s)) {
            throw error(node, what + " must be a list", "write " + what + " as a YAML list ('- item' lines or [a, b])");
        }
        return s.getValue();
    }

    /** A scalar's text; numbers and booleans as written. */
    public String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
            throw error(node, what + " must be a single value", "give " + what + " one value, not a list or mapping");
        }
        return s.getValue();
    }

    /** A scalar that may be null; empty when null. */
    public Optional<String> optionalScalar(Node node, String what) {
        if (node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
            return Optional.empty();
        }
        return Optional.of(scalar(node, what));
    }

    /** A list of scalars, or one scalar as a list of one. */
    public List<String> strings(Node node, String what) {
        if (node instanceof ScalarNode) {
            return List.of(scalar(node, what));
        }
        List<String> values = new ArrayList<>();
        for (Node n : sequence(node, what)) {
            values.add(scalar(n, "an item of " + what));
        }
        return values;
    }

    /** A node as plain Java: LinkedHashMap, ArrayList, String, Long, BigInteger, Double, Boolean or null. */
    public Object value(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                map.put(scalar(t.getKeyNode(), "a key"), value(t.getValueNode()));
            }
            return map;
        }
        if (node instanceof SequenceNode s) {
            List<Object> list = new ArrayList<>();
            s.getValue().forEach(n -> list.add(value(n)));
            return list;
        }
        ScalarNode s = (ScalarNode) node;
        String text = s.getValue();
        Tag tag = s.getTag();
        try {
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.BOOL)) {
                return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
            }
            if (tag.equals(Tag.INT)) {
                BigInteger big = new BigInteger(text.replace("_", "").replace("+", ""));
                return big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            if (tag.equals(Tag.FLOAT)) {
                return Double.parseDouble(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return text;
        }
        return text;
    }

    /** A number or boolean scalar read as {@code type}. */
    public double number(Node node, String what) {
        Object v = value(node);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw error(node, what + " must be a number, got '" + scalar(node, what) + "'", "write a number");
    }

    public PromptFormatException error(Node node, String problem, String fix) {
        return new PromptFormatException(problem, file, line(node), fix);
    }
}
