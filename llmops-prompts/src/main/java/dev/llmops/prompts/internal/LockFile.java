package dev.llmops.prompts.internal;

import dev.llmops.prompts.PromptFormatException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code prompts.lock}: every released version with its hash and released text, one JSON object per line, sorted.
 * The text is kept so that a changed release can be shown as a diff.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries {@code name@version} to its entry
 */
public record LockFile(Map<String, Entry> entries) {
    public LockFile {
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** A released version. */
    public record Entry(String name, String version, String hash, String text) {
    }

    public static LockFile parse(String text, String file) {
        Map<String, Entry> entries = new TreeMap<>();
        String[] lines = Hashing.normalize(text).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                JsonNode node = PromptJson.MAPPER.readTree(line);
                Entry e = new Entry(node.required("prompt").asString(), node.required("version").asString(),
                        node.required("hash").asString(), node.required("text").asString());
                entries.put(e.name() + "@" + e.version(), e);
            } catch (JacksonException | IllegalArgumentException e) {
                throw new PromptFormatException("malformed lock entry: " + e.getMessage(), file, i + 1,
                        "restore prompts.lock from version control; it is written by the registry, not by hand");
            }
        }
        return new LockFile(entries);
    }

    public LockFile with(Entry entry) {
        Map<String, Entry> copy = new TreeMap<>(entries);
        copy.put(entry.name() + "@" + entry.version(), entry);
        return new LockFile(copy);
    }

    public String write() {
        StringBuilder out = new StringBuilder("# prompts.lock: released prompt versions, which never change. Written by the registry; commit it.\n");
        for (Entry e : entries.values()) {
            ObjectNode node = PromptJson.MAPPER.createObjectNode();
            node.put("prompt", e.name()).put("version", e.version()).put("hash", e.hash()).put("text", e.text());
            out.append(PromptJson.MAPPER.writeValueAsString(node)).append('\n');
        }
        return out.toString();
    }
}
