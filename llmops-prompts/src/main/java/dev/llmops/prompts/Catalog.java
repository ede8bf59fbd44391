package dev.llmops.prompts;

import dev.llmops.prompts.internal.LabelsFile;
import dev.llmops.prompts.internal.LineDiff;
import dev.llmops.prompts.internal.LockFile;
import dev.llmops.prompts.internal.ParsedPrompt;
import dev.llmops.prompts.internal.PromptFileParser;
import dev.llmops.prompts.internal.PromptSource;
import dev.llmops.prompts.internal.TemplateScan;
import dev.llmops.prompts.internal.Versions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One consistent state of a registry: every version of every prompt, linked with its partials, and the labels.
 * A registry swaps whole catalogs, so a reader never sees half a reload.
 *
 * <p>Immutable and thread-safe.
 */
final class Catalog {
    static final String PRODUCTION = "production";

    private final Map<String, NavigableMap<String, Prompt>> prompts;
    private final Map<String, Map<String, String>> labels;
    private final Map<String, String> removedLabels;
    private final LabelsFile labelsFile;
    private final LockFile lockFile;

    private Catalog(Map<String, NavigableMap<String, Prompt>> prompts, Map<String, Map<String, String>> labels,
                    Map<String, String> removedLabels, LabelsFile labelsFile, LockFile lockFile) {
        this.prompts = prompts;
        this.labels = labels;
        this.removedLabels = removedLabels;
        this.labelsFile = labelsFile;
        this.lockFile = lockFile;
    }

    /**
     * Reads, checks and links every file.
     *
     * @param previous the catalog this one replaces, to tell a removed label from one that never existed
     */
    static Catalog build(List<PromptSource.File> files, LabelsFile labelsFile, LockFile lockFile, ClassLoader classLoader,
                         Catalog previous) {
        Map<String, NavigableMap<String, ParsedPrompt>> parsed = new TreeMap<>();
        for (PromptSource.File f : files) {
            ParsedPrompt p = PromptFileParser.parse(f.location(), f.text(), f.name(), f.version(), f.prompty(), classLoader);
            ParsedPrompt existing = parsed.computeIfAbsent(p.name(), k -> new TreeMap<>(Versions.ORDER)).putIfAbsent(p.version(), p);
            if (existing != null) {
                throw new PromptFormatException("version " + p.version() + " of prompt " + p.name() + " is defined twice, also in "
                        + existing.file(), p.file(), 0,
                        "released versions are immutable: give this file a new version number, or delete the copy");
            }
        }
        checkLock(parsed, lockFile);
        Map<String, Map<String, String>> labels = labels(parsed, labelsFile);
        Map<String, NavigableMap<String, Prompt>> linked = new TreeMap<>();
        Linker linker = new Linker(parsed, labels);
        parsed.forEach((name, versions) -> {
            NavigableMap<String, Prompt> byVersion = new TreeMap<>(Versions.ORDER);
            versions.forEach((version, p) -> byVersion.put(version, Prompt.link(p, linker.partials(p))));
            linked.put(name, Collections.unmodifiableNavigableMap(byVersion));
        });
        Map<String, String> removed = new HashMap<>();
        if (previous != null) {
            previous.labels.forEach((name, byLabel) -> byLabel.forEach((label, version) -> {
                if (!labels.getOrDefault(name, Map.of()).containsKey(label)) {
                    removed.put(name + ":" + label, version);
                }
            }));
            previous.removedLabels.forEach(removed::putIfAbsent);
        }
        return new Catalog(Collections.unmodifiableMap(linked), labels, Map.copyOf(removed), labelsFile, lockFile);
    }

    private static void checkLock(Map<String, NavigableMap<String, ParsedPrompt>> parsed, LockFile lockFile) {
        for (LockFile.Entry e : lockFile.entries().values()) {
            ParsedPrompt p = parsed.getOrDefault(e.name(), Collections.emptyNavigableMap()).get(e.version());
            if (p == null) {
                throw new PromptIntegrityException("released version " + e.name() + "@" + e.version() + " was deleted",
                        "prompts.lock", "restore its file " + e.name() + "/" + e.version() + ".prompt: released versions are immutable",
                        LineDiff.unified(e.name() + "/" + e.version() + " (released)", e.text(), "(deleted)", ""));
            }
            if (!p.hash().equals(e.hash())) {
                throw new PromptIntegrityException("released version " + p.id() + " changed: its hash is " + p.hash()
                        + ", prompts.lock records " + e.hash(), p.file(),
                        "restore the released text and put the change in a new version file (" + e.name() + "/<next>.prompt)",
                        LineDiff.unified(p.id() + " (released)", e.text(), p.file(), p.text()));
            }
        }
    }

    private static Map<String, Map<String, String>> labels(Map<String, NavigableMap<String, ParsedPrompt>> parsed,
                                                           LabelsFile labelsFile) {
        Map<String, Map<String, String>> labels = new TreeMap<>();
        labelsFile.labels().forEach((name, byLabel) -> {
            NavigableMap<String, ParsedPrompt> versions = parsed.get(name);
            byLabel.forEach((label, version) -> {
                int line = labelsFile.line(name, label);
                if (versions == null) {
                    throw new PromptFormatException("labels name prompt '" + name + "', which does not exist", labelsFile.file(), line,
                            "remove its entry or add " + name + "/<version>.prompt; prompts: " + parsed.keySet());
                }
                if (!versions.containsKey(version)) {
                    throw new PromptFormatException("label '" + label + "' of prompt " + name + " points at version " + version
                            + ", which does not exist", labelsFile.file(), line,
                            "point it at one of the versions " + versions.keySet() + " or add " + name + "/" + version + ".prompt");
                }
                if (versions.containsKey(label)) {
                    throw new PromptFormatException("label '" + label + "' of prompt " + name + " has the name of a version",
                            labelsFile.file(), line, "rename the label: a name must mean one thing");
                }
            });
        });
        parsed.forEach((name, versions) -> {
            Map<String, String> byLabel = new TreeMap<>(labelsFile.labels().getOrDefault(name, Map.of()));
            byLabel.put(LabelsFile.LATEST, versions.lastKey());
            labels.put(name, Collections.unmodifiableMap(byLabel));
        });
        return Collections.unmodifiableMap(labels);
    }

    /** Resolves partial references and refuses cycles. Not thread-safe: used while building one catalog. */
    private record Linker(Map<String, NavigableMap<String, ParsedPrompt>> parsed, Map<String, Map<String, String>> labels) {

        Map<String, ParsedPrompt> partials(ParsedPrompt root) {
            Map<String, ParsedPrompt> out = new LinkedHashMap<>();
            visit(root, new ArrayList<>(List.of(root.id())), out);
            return out;
        }

        private void visit(ParsedPrompt p, List<String> path, Map<String, ParsedPrompt> out) {
            for (TemplateScan.Tag tag : p.scan().partials()) {
                ParsedPrompt target = resolve(tag, p);
                if (path.contains(target.id())) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(target.id()), path.size()));
                    cycle.add(target.id());
                    throw new PromptFormatException("partials form a cycle: " + String.join(" -> ", cycle), p.file(), tag.line(),
                            "remove the {{> " + tag.name() + "}} include or make one of these prompts stop including the other");
                }
                out.putIfAbsent(tag.name(), target);
                path.add(target.id());
                visit(target, path, out);
                path.remove(path.size() - 1);
            }
        }

        private ParsedPrompt resolve(TemplateScan.Tag tag, ParsedPrompt from) {
            String ref = tag.name();
            int at = ref.indexOf('@');
            int colon = ref.indexOf(':');
            String name = at > 0 ? ref.substring(0, at) : colon > 0 ? ref.substring(0, colon) : ref;
            NavigableMap<String, ParsedPrompt> versions = parsed.get(name);
            if (versions == null) {
                throw new PromptNotFoundException("partial '" + ref + "' names prompt '" + name + "', which does not exist",
                        from.file(), tag.line(), "add " + name + "/<version>.prompt or fix the name; prompts: " + parsed.keySet());
            }
            String version;
            if (at > 0) {
                version = ref.substring(at + 1);
            } else {
                String label = colon > 0 ? ref.substring(colon + 1) : PRODUCTION;
                version = labels.getOrDefault(name, Map.of()).get(label);
                if (version == null) {
                    throw new PromptNotFoundException("partial '" + ref + "' follows label '" + label + "' of prompt " + name
                            + ", which is not set", from.file(), tag.line(), "set the label in labels.yaml or pin a version: {{> "
                            + name + "@" + versions.lastKey() + "}}");
                }
            }
            ParsedPrompt target = versions.get(version);
            if (target == null) {
                throw new PromptNotFoundException("partial '" + ref + "' pins version " + version + " of prompt " + name
                        + ", which does not exist", from.file(), tag.line(), "pin one of " + versions.keySet());
            }
            return target;
        }
    }

    Map<String, NavigableMap<String, Prompt>> prompts() {
        return prompts;
    }

    Map<String, Map<String, String>> labels() {
        return labels;
    }

    LabelsFile labelsFile() {
        return labelsFile;
    }

    LockFile lockFile() {
        return lockFile;
    }

    NavigableMap<String, Prompt> versions(String name) {
        NavigableMap<String, Prompt> versions = prompts.get(name);
        if (versions == null) {
            throw new PromptNotFoundException("prompt '" + name + "' does not exist", null, 0,
                    "add " + name + "/<version>.prompt to the prompt directory or fix the name; prompts: " + prompts.keySet());
        }
        return versions;
    }

    Prompt version(String name, String version) {
        Prompt p = versions(name).get(version);
        if (p == null) {
            throw new PromptNotFoundException("version " + version + " of prompt " + name + " does not exist", null, 0,
                    "ask for one of " + versions(name).keySet() + " or a label " + labels.get(name).keySet());
        }
        return p;
    }

    Prompt labeled(String name, String label) {
        NavigableMap<String, Prompt> versions = versions(name);
        String version = labels.get(name).get(label);
        if (version == null) {
            String was = removedLabels.get(name + ":" + label);
            throw new PromptNotFoundException(was != null
                    ? "label '" + label + "' of prompt " + name + " was removed (it pointed at version " + was + ")"
                    : "label '" + label + "' of prompt " + name + " is not set", labelsFile.file(), 0,
                    "set it with PromptRegistry.setLabel or in labels.yaml, or ask for one of " + labels.get(name).keySet());
        }
        return versions.get(version);
    }

    Optional<String> label(String name, String label) {
        versions(name);
        return Optional.ofNullable(labels.get(name).get(label));
    }
}
