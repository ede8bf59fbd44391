package dev.llmops.prompts;

import dev.llmops.prompts.internal.AtomicFiles;
import dev.llmops.prompts.internal.DirectoryWatcher;
import dev.llmops.prompts.internal.LabelsFile;
import dev.llmops.prompts.internal.LineDiff;
import dev.llmops.prompts.internal.LockFile;
import dev.llmops.prompts.internal.PromptJson;
import dev.llmops.prompts.internal.PromptSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every version of every prompt, from directories and the classpath, with labels that can move at runtime.
 *
 * <p>Layout: {@code <root>/<name>/<version>.prompt} (or {@code .prompty}), and at the root {@code labels.yaml}
 * (label to version, per prompt), {@code labels.audit.jsonl} (every label change: time, from, to, reason, actor)
 * and {@code prompts.lock} (the hash and text of every released version). A version is released when a label
 * other than {@code latest} first points at it, or by {@link #release(String, String)}; a released version whose
 * text changes fails loading with the diff. {@code latest} always points at the highest version.
 *
 * <pre>{@code
 * try (PromptRegistry registry = PromptRegistry.builder()
 *         .directory(Path.of("src/main/resources/prompts"))
 *         .build()) {
 *     Prompt prompt = registry.get("support-answer");             // the production label
 *     registry.setLabel("support-answer", "production", "3", "better refund answers");
 *     registry.rollback("support-answer", "production", "refund answers regressed");
 * }
 * }</pre>
 *
 * <p>Loading is all or nothing: the first problem (malformed file, duplicate version, label pointing at a missing
 * version, cyclic partial, changed release) fails {@link Builder#build()} or {@link #reload()}, naming the file,
 * the line and the fix, and a failed reload keeps the previous state. In development, {@link Builder#watch(boolean)}
 * reloads on every change to a directory.
 *
 * <p>Thread-safe; create one and share it. Reads never block; label changes and reloads are serialized.
 */
public final class PromptRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PromptRegistry.class);
    static final String LABELS = "labels.yaml";
    static final String AUDIT = "labels.audit.jsonl";
    static final String LOCK = "prompts.lock";

    /** Hears about reloads. Called on the reloading thread; must not block. Implementations are thread-safe. */
    public interface Listener {
        /** The registry now serves a new state. */
        default void reloaded(PromptRegistry registry) {
        }

        /** A reload failed; the registry keeps serving the previous state. */
        default void reloadFailed(PromptRegistry registry, RuntimeException error) {
        }
    }

    private final List<PromptSource> sources;
    private final Path home;
    private final PromptSource stateSource;
    private final Clock clock;
    private final String actor;
    private final ClassLoader classLoader;
    private final Listener listener;
    private final Object writeLock = new Object();
    private final DirectoryWatcher watcher;
    private volatile Catalog catalog;
    private volatile RuntimeException lastReloadFailure;

    private PromptRegistry(Builder b) {
        this.sources = List.copyOf(b.sources);
        this.home = b.directories.isEmpty() ? null : b.directories.get(0);
        this.stateSource = home != null ? new PromptSource.Directory(home) : sources.get(0);
        this.clock = b.clock;
        this.actor = b.actor;
        this.classLoader = b.classLoader;
        this.listener = b.listener;
        this.catalog = load(null);
        this.watcher = b.watch ? new DirectoryWatcher(b.directories, this::reloadQuietly) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    private Catalog load(Catalog previous) {
        List<PromptSource.File> files = new ArrayList<>();
        sources.forEach(s -> files.addAll(s.files()));
        LabelsFile labels = stateSource.read(LABELS).map(t -> LabelsFile.parse(t, stateSource.location(LABELS)))
                .orElseGet(() -> new LabelsFile(Map.of(), Map.of(), stateSource.location(LABELS)));
        LockFile lock = stateSource.read(LOCK).map(t -> LockFile.parse(t, stateSource.location(LOCK)))
                .orElseGet(() -> new LockFile(Map.of()));
        return Catalog.build(files, labels, lock, classLoader, previous);
    }

    /**
     * Reads every file again and swaps in the new state at once.
     *
     * @throws PromptException when the files are not valid; the registry keeps serving the previous state
     */
    public void reload() {
        synchronized (writeLock) {
            try {
                catalog = load(catalog);
                lastReloadFailure = null;
            } catch (RuntimeException e) {
                lastReloadFailure = e;
                listener.reloadFailed(this, e);
                throw e;
            }
        }
        listener.reloaded(this);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warn("prompt reload failed, still serving the previous prompts: {}", e.getMessage());
        }
    }

    /** Why the last reload failed, when it did (cleared by the next successful one). */
    public Optional<RuntimeException> lastReloadFailure() {
        return Optional.ofNullable(lastReloadFailure);
    }

    /**
     * The version the {@code production} label points at.
     *
     * @throws PromptNotFoundException when the prompt does not exist or has no production label
     */
    public Prompt get(String name) {
        return catalog.labeled(Objects.requireNonNull(name, "name"), Catalog.PRODUCTION);
    }

    /**
     * A version ({@code "3"}) or, when no version has that name, the version a label ({@code "staging"},
     * {@code "latest"}) points at. Labels may never share a version's name, so this is never ambiguous.
     */
    public Prompt get(String name, String versionOrLabel) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versionOrLabel, "versionOrLabel");
        Catalog c = catalog;
        return c.versions(name).containsKey(versionOrLabel) ? c.version(name, versionOrLabel) : c.labeled(name, versionOrLabel);
    }

    /** Exactly this version. */
    public Prompt version(String name, String version) {
        return catalog.version(Objects.requireNonNull(name, "name"), Objects.requireNonNull(version, "version"));
    }

    /** The version a label points at. */
    public Prompt labeled(String name, String label) {
        return catalog.labeled(Objects.requireNonNull(name, "name"), Objects.requireNonNull(label, "label"));
    }

    /** The prompt names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(catalog.prompts().keySet());
    }

    /** Every version of a prompt, oldest first. */
    public List<Prompt> versions(String name) {
        return List.copyOf(catalog.versions(name).values());
    }

    /** Each label of a prompt (with {@code latest}) and the version it points at. */
    public Map<String, String> labels(String name) {
        catalog.versions(name);
        return catalog.labels().get(name);
    }

    /** Whether a version is released (recorded in {@code prompts.lock}, so immutable). */
    public boolean isReleased(String name, String version) {
        return catalog.lockFile().entries().containsKey(version(name, version).id());
    }

    /**
     * A unified diff between two versions (or labels) of a prompt, from {@code from} to {@code to}; empty when equal.
     */
    public String diff(String name, String from, String to) {
        Prompt a = get(name, from);
        Prompt b = get(name, to);
        return LineDiff.unified(a.id(), a.text(), b.id(), b.text());
    }

    /**
     * Points a label at a version, writes {@code labels.yaml} atomically, appends the change to the audit trail,
     * releases the version (records its hash in {@code prompts.lock}) and relinks the prompts whose partials
     * follow the label.
     *
     * @throws PromptNotFoundException when the version does not exist
     * @throws PromptException         when the label is {@code latest} or invalid, or the registry has no directory
     */
    public LabelChange setLabel(String name, String label, String version, String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (writeLock) {
            Path dir = writableHome(label);
            Prompt target = version(name, version);
            if (!LabelsFile.LABEL.matcher(label).matches() || label.equals(LabelsFile.LATEST)
                    || catalog.versions(name).containsKey(label)) {
                throw new PromptException("label '" + label + "' cannot be set", null, 0, label.equals(LabelsFile.LATEST)
                        ? "'latest' always points at the highest version; add a version file to move it"
                        : "name labels with a lowercase letter, then letters, digits, '_' or '-', unlike any version");
            }
            String from = catalog.label(name, label).orElse("");
            LabelChange change = new LabelChange(Instant.now(clock), name, label, from, target.version(), reason, actor);
            Catalog current = catalog;
            AtomicFiles.write(dir.resolve(LOCK), current.lockFile().with(
                    new LockFile.Entry(name, target.version(), target.hash(), target.text())).write());
            AtomicFiles.write(dir.resolve(LABELS), current.labelsFile().with(name, label, target.version()).write());
            AtomicFiles.appendLine(dir.resolve(AUDIT), toJson(change));
            reload();
            return change;
        }
    }

    /**
     * Moves a label back to the version it pointed at before its last change (as the audit trail records).
     *
     * @throws PromptException when the audit trail has no earlier version for the label
     */
    public LabelChange rollback(String name, String label, String reason) {
        synchronized (writeLock) {
            String current = catalog.label(name, label).orElse("");
            List<LabelChange> changes = history(name).stream().filter(c -> c.label().equals(label)).toList();
            LabelChange last = changes.isEmpty() ? null : changes.get(changes.size() - 1);
            if (last == null || last.from().isEmpty() || !last.to().equals(current)) {
                throw new PromptException("label '" + label + "' of prompt " + name + " has no earlier version to roll back to",
                        home == null ? null : home.resolve(AUDIT).toString(), 0,
                        "set the label to a version with setLabel; a rollback needs a recorded change of the label");
            }
            return setLabel(name, label, last.from(), "rollback: " + reason);
        }
    }

    /** Records a version as released in {@code prompts.lock}, so that its text can never change. */
    public void release(String name, String version) {
        synchronized (writeLock) {
            Path dir = writableHome("release");
            Prompt p = version(name, version);
            AtomicFiles.write(dir.resolve(LOCK), catalog.lockFile().with(
                    new LockFile.Entry(name, p.version(), p.hash(), p.text())).write());
            reload();
        }
    }

    /** The label changes of a prompt, oldest first. */
    public List<LabelChange> history(String name) {
        Objects.requireNonNull(name, "name");
        Optional<String> text;
        if (home != null) {
            try {
                Path f = home.resolve(AUDIT);
                text = Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the label audit trail: " + e.getMessage(), e);
            }
        } else {
            text = stateSource.read(AUDIT);
        }
        List<LabelChange> changes = new ArrayList<>();
        for (String line : text.orElse("").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = PromptJson.MAPPER.readTree(line);
            if (n.path("prompt").asString("").equals(name)) {
                Function<String, String> s = k -> n.path(k).asString("");
                changes.add(new LabelChange(Instant.parse(s.apply("time")), name, s.apply("label"), s.apply("from"),
                        s.apply("to"), s.apply("reason"), s.apply("actor")));
            }
        }
        return changes;
    }

    private static String toJson(LabelChange c) {
        ObjectNode n = PromptJson.MAPPER.createObjectNode();
        n.put("time", c.time().toString()).put("prompt", c.prompt()).put("label", c.label()).put("from", c.from())
                .put("to", c.to()).put("reason", c.reason()).put("actor", c.actor());
        return PromptJson.MAPPER.writeValueAsString(n);
    }

    private Path writableHome(String what) {
        if (home == null) {
            throw new PromptException("cannot " + (what.equals("release") ? "release a version" : "set label '" + what + "'")
                    + ": the registry reads only the classpath", null, 0,
                    "build the registry on a directory (PromptRegistry.builder().directory(...)) to change labels");
        }
        return home;
    }

    /** Stops watching directories. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Override
    public String toString() {
        return "PromptRegistry" + catalog.prompts().keySet();
    }

    /**
     * Configures a {@link PromptRegistry}. Sources are read in the order added; labels, the audit trail and the
     * lock live in the first directory (or, with only classpath sources, the first classpath folder, read-only).
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final List<PromptSource> sources = new ArrayList<>();
        private final List<Path> directories = new ArrayList<>();
        private final java.util.Map<Integer, String> classpathFolders = new java.util.HashMap<>();
        private Clock clock = Clock.systemUTC();
        private String actor = System.getProperty("user.name", "unknown");
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private boolean watch;
        private Listener listener = new Listener() {
        };

        private Builder() {
        }

        /** Reads prompts from a directory laid out as {@code <name>/<version>.prompt}. */
        public Builder directory(Path directory) {
            Path dir = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
            sources.add(new PromptSource.Directory(dir));
            directories.add(dir);
            return this;
        }

        /** Reads prompts from a classpath folder such as {@code "prompts"} (in directories or jars). */
        public Builder classpath(String folder) {
            Objects.requireNonNull(folder, "folder");
            sources.add(null);
            classpathFolders.put(sources.size() - 1, folder);
            return this;
        }

        /** The class loader for classpath folders and output types; the thread's context class loader by default. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** The clock that stamps label changes. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Who label changes are recorded as made by; the {@code user.name} system property by default. */
        public Builder actor(String actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
            return this;
        }

        /** Development mode: watch the directories and reload on every change (a failed reload keeps the old state). */
        public Builder watch(boolean watch) {
            this.watch = watch;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Loads every prompt.
         *
         * @throws PromptException naming the file, line and fix when a file is invalid
         */
        public PromptRegistry build() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("the registry has no source: add directory(...) or classpath(\"prompts\")");
            }
            // classpath folders are read with the class loader set by the time of build()
            classpathFolders.forEach((i, folder) -> sources.set(i, new PromptSource.Classpath(classLoader, folder)));
            if (watch && directories.isEmpty()) {
                throw new IllegalStateException("watch(true) needs a directory: the classpath cannot change at runtime");
            }
            return new PromptRegistry(this);
        }
    }
}
