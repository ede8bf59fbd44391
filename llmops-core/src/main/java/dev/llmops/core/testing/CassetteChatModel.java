package dev.llmops.core.testing;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.internal.ChatCodec;
import dev.llmops.core.internal.Json;
import dev.llmops.core.internal.SecretScrubber;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Record/replay for chat calls: records a real model's answers to a cassette file once, then replays them,
 * so tests of LLM code run in CI without a network, an API key or a bill, and give the same answers every
 * time. Blocking and streaming calls are both recorded; a recorded stream replays its text deltas in the
 * chunks the provider sent them. Errors are recorded too, and replay as the same exception type where they
 * can (every {@link dev.llmops.core.ProviderException} subtype with its status, error code and waits).
 *
 * <pre>{@code
 * @Test
 * void summarisesTheTicket() {
 *     ChatModel model = CassetteChatModel.builder()
 *             .name("summarises-the-ticket")               // src/test/resources/cassettes/summarises-the-ticket.json
 *             .delegate(realModelOrNullWithoutKey())        // needed only to record
 *             .secret(System.getenv("OPENAI_API_KEY"))     // never written to the cassette
 *             .build();
 *
 *     assertThat(new TicketSummariser(model).summarise(ticket)).contains("refund");
 * }
 * }</pre>
 *
 * <p><b>Modes.</b> The {@link CassetteMode} comes from the builder, else from the system property
 * {@value CassetteMode#PROPERTY} or the environment variable {@value CassetteMode#ENVIRONMENT_VARIABLE}, else
 * is {@link CassetteMode#REPLAY}. In {@code REPLAY} the delegate is never called and may be absent; a request
 * the cassette holds no recording of throws {@link CassetteMismatchException} naming the closest recorded
 * request and every difference from it. {@code RECORD} calls the delegate for every request and rewrites the
 * cassette with this run's calls. {@code RECORD_MISSING} replays what the cassette holds and records the rest.
 *
 * <p><b>Matching.</b> A request matches a recording when their messages and options are equal, ignoring
 * {@link dev.llmops.core.ChatOptions#metadata()} (it never reaches the provider), after both are scrubbed of
 * secrets. Recordings of the same request replay in recorded order; once they are used up, {@code REPLAY}
 * repeats the last one, {@code RECORD_MISSING} records another. A blocking recording also answers a
 * streaming call (as one delta) and a streamed recording a blocking call (its completed response).
 *
 * <p><b>Secrets.</b> Nothing that looks like a credential is written: key-shaped strings (OpenAI, Anthropic,
 * Google, AWS, GitHub, Slack, bearer tokens, JWTs), metadata entries named like credentials, and every
 * literal registered with {@link Builder#secret(String)} are replaced by placeholders
 * ({@link SecretScrubber}). Incoming requests are scrubbed the same way before matching, so replay still
 * matches.
 *
 * <p><b>Files.</b> A cassette is a JSON file with a {@code version} and its {@code interactions}, each a
 * request and its response, stream events or error. It is rewritten atomically (a temporary file moved
 * into place) after each new recording, pretty-printed with a fixed key order and {@code \n} line ends, so
 * it is always complete and its diffs are readable. A stream closed by the caller before it completed is
 * not recorded.
 *
 * <p>Thread-safe; create one and share it (one per cassette file: two models writing the same file would
 * overwrite each other's recordings).
 */
public final class CassetteChatModel implements ChatModel {
    /** Where {@link Builder#name(String)} puts cassettes unless {@link Builder#directory(Path)} says otherwise. */
    public static final Path DEFAULT_DIRECTORY = Path.of("src", "test", "resources", "cassettes");
    /** The cassette format version this class writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(CassetteChatModel.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final ObjectWriter WRITER = Json.MAPPER.writer().with(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));
    private static final String HOW_TO_RECORD = "run the test with -D" + CassetteMode.PROPERTY
            + "=RECORD_MISSING to record what is missing, or =RECORD to re-record the whole cassette (or set "
            + CassetteMode.ENVIRONMENT_VARIABLE + "); recording calls the real model, so give the cassette a delegate "
            + "and its API key";

    private final Path file;
    private final CassetteMode mode;
    private final ChatModel delegate;
    private final SecretScrubber scrubber;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Recording> recordings;
    private final Map<JsonNode, Integer> timesRequested = new HashMap<>();
    private int calls;

    private CassetteChatModel(Path file, CassetteMode mode, ChatModel delegate, SecretScrubber scrubber,
            List<Recording> recordings) {
        this.file = file;
        this.mode = mode;
        this.delegate = delegate;
        this.scrubber = scrubber;
        this.recordings = recordings;
    }

    /** Starts a cassette model; name its cassette with {@link Builder#name(String)} or {@link Builder#file(Path)}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cassette file. */
    public Path file() {
        return file;
    }

    /** The mode this model runs in. */
    public CassetteMode mode() {
        return mode;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Lookup lookup = lookup(request);
        if (lookup.replay != null) {
            return replayChat(lookup.replay);
        }
        ChatResponse response;
        try {
            response = delegate.chat(request);
        } catch (RuntimeException e) {
            recordFailure(e, () -> {
                ObjectNode interaction = interaction(lookup, false);
                interaction.set("error", ChatCodec.encodeError(e));
                return interaction;
            });
            throw e;
        }
        ObjectNode interaction = interaction(lookup, false);
        interaction.set("response", ChatCodec.encodeResponse(response));
        record(interaction);
        return response;
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        Lookup lookup = lookup(request);
        if (lookup.replay != null) {
            return replayStream(lookup.replay);
        }
        ChatStream stream;
        try {
            stream = delegate.stream(request);
        } catch (RuntimeException e) {
            recordFailure(e, () -> {
                ObjectNode interaction = interaction(lookup, true);
                interaction.putArray("events");
                interaction.set("error", ChatCodec.encodeError(e));
                interaction.put("failedOnOpen", true);
                return interaction;
            });
            throw e;
        }
        return new RecordingStream(stream, lookup);
    }

    @Override
    public String toString() {
        return "cassette[" + file + ", " + mode + "]";
    }

    // ---------------------------------------------------------------- matching

    /** Counts the call, and finds the recording to replay; null when the call is to be recorded. */
    private Lookup lookup(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        ObjectNode requestJson = (ObjectNode) scrubber.scrub(ChatCodec.encodeRequest(request));
        JsonNode key = matchKey(requestJson);
        lock.lock();
        try {
            int number = ++calls;
            int seen = timesRequested.merge(key, 1, Integer::sum) - 1;
            List<Recording> matches = recordings.stream().filter(r -> r.key.equals(key)).toList();
            Recording replay = switch (mode) {
                case REPLAY -> {
                    if (matches.isEmpty()) {
                        throw mismatch(number, key);
                    }
                    yield matches.get(Math.min(seen, matches.size() - 1));
                }
                case RECORD_MISSING -> seen < matches.size() ? matches.get(seen) : null;
                case RECORD -> null;
            };
            LOG.debug("cassette {}: request #{} {}", file, number, replay == null ? "recorded" : "replayed");
            return new Lookup(number, requestJson, replay);
        } finally {
            lock.unlock();
        }
    }

    /** The request as matched: without metadata, numbers as they read back from a file. */
    private static JsonNode matchKey(JsonNode request) {
        ObjectNode copy = (ObjectNode) request.deepCopy();
        if (copy.get("options") instanceof ObjectNode options) {
            options.remove("metadata");
        }
        return Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(copy));
    }

    private CassetteMismatchException mismatch(int number, JsonNode key) {
        StringBuilder message = new StringBuilder("Cassette ").append(file).append(" has no recording of request #")
                .append(number).append(" (mode REPLAY never calls the real model).");
        int closest = -1;
        List<String> differences = List.of();
        for (int i = 0; i < recordings.size(); i++) {
            List<String> d = JsonDiff.differences(recordings.get(i).key, key);
            if (closest < 0 || d.size() < differences.size()) {
                closest = i;
                differences = d;
            }
        }
        if (closest < 0) {
            message.append(Files.exists(file) ? " The cassette holds no recordings." : " The cassette file does not exist.");
        } else {
            message.append("\nClosest recording: interactions[").append(closest).append("], which differs in ")
                    .append(differences.size()).append(differences.size() == 1 ? " place:" : " places:");
            for (String difference : differences) {
                message.append("\n  ").append(difference);
            }
        }
        message.append("\nIf the request changed on purpose, ").append(HOW_TO_RECORD).append('.');
        return new CassetteMismatchException(file, number, closest, differences, message.toString());
    }

    // ---------------------------------------------------------------- replay

    private static ChatResponse replayChat(Recording recording) {
        if (recording.response != null) {
            return recording.response;
        }
        if (!recording.events.isEmpty() && recording.events.getLast() instanceof StreamEvent.Completed completed) {
            return completed.response();
        }
        throw ChatCodec.decodeError(recording.error);
    }

    private static ChatStream replayStream(Recording recording) {
        if (recording.response != null) {
            return ChatStream.of(recording.response);
        }
        if (!recording.stream || recording.failedOnOpen) {
            throw ChatCodec.decodeError(recording.error);
        }
        if (recording.error == null) {
            return ChatStream.of(recording.events.iterator(), () -> { });
        }
        return FailingStreams.of(recording.events, () -> ChatCodec.decodeError(recording.error));
    }

    // ---------------------------------------------------------------- recording

    private static ObjectNode interaction(Lookup lookup, boolean stream) {
        ObjectNode interaction = Json.MAPPER.createObjectNode();
        interaction.set("request", lookup.request);
        interaction.put("stream", stream);
        return interaction;
    }

    /** Records the failure {@code error} of the delegate; a cassette that cannot be written is added to it. */
    private void recordFailure(RuntimeException error, Supplier<ObjectNode> interaction) {
        try {
            record(interaction.get());
        } catch (RuntimeException e) {
            error.addSuppressed(e);
        }
    }

    /** Scrubs the interaction, adds it, and rewrites the cassette. */
    private void record(ObjectNode interaction) {
        JsonNode scrubbed = scrubber.scrub(interaction);
        lock.lock();
        try {
            recordings.add(Recording.parse(scrubbed, file, recordings.size()));
            try {
                write();
            } catch (CassetteException e) {
                recordings.removeLast(); // keep memory and file alike: what was not written is not replayed
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void write() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ArrayNode interactions = root.putArray("interactions");
        recordings.forEach(r -> interactions.add(r.json));
        String text = WRITER.writeValueAsString(root) + "\n";
        Path temporary = null;
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, file.getFileName().toString() + ".", ".tmp");
            Files.writeString(temporary, text);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new CassetteException(file, "Cassette " + file + " could not be written (" + e
                    + "): check that its directory exists and is writable", e);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            LOG.debug("could not delete the temporary cassette file {}", temporary, e);
        }
    }

    /** Records a delegate's stream as it is read: when it completes, or when it fails. */
    private final class RecordingStream implements ChatStream {
        private final ChatStream stream;
        private final Lookup lookup;
        private final ArrayNode events = Json.MAPPER.createArrayNode();
        private final AtomicBoolean settled = new AtomicBoolean();

        RecordingStream(ChatStream stream, Lookup lookup) {
            this.stream = stream;
            this.lookup = lookup;
        }

        @Override
        public Iterator<StreamEvent> iterator() {
            Iterator<StreamEvent> iterator = stream.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    try {
                        return iterator.hasNext();
                    } catch (RuntimeException e) {
                        failed(e);
                        throw e;
                    }
                }

                @Override
                public StreamEvent next() {
                    StreamEvent event;
                    try {
                        event = iterator.next();
                    } catch (RuntimeException e) {
                        failed(e);
                        throw e;
                    }
                    events.add(ChatCodec.encodeEvent(event));
                    if (event instanceof StreamEvent.Completed && settled.compareAndSet(false, true)) {
                        ObjectNode interaction = interaction(lookup, true);
                        interaction.set("events", events);
                        record(interaction);
                    }
                    return event;
                }
            };
        }

        private void failed(RuntimeException error) {
            if (settled.compareAndSet(false, true)) {
                recordFailure(error, () -> {
                    ObjectNode interaction = interaction(lookup, true);
                    interaction.set("events", events);
                    interaction.set("error", ChatCodec.encodeError(error));
                    return interaction;
                });
            }
        }

        /** Settles before closing, so the cancellation a reader on another thread then sees is not recorded. */
        @Override
        public void close() {
            if (settled.compareAndSet(false, true)) {
                LOG.debug("cassette {}: request #{} was closed before it completed and is not recorded", file, lookup.number);
            }
            stream.close();
        }
    }

    private record Lookup(int number, ObjectNode request, Recording replay) {
    }

    /**
     * One interaction of the cassette: its JSON as stored, and what it replays.
     *
     * @param key      the request as matched (see {@link CassetteChatModel#matchKey(JsonNode)})
     * @param response the response of a blocking call that succeeded, else null
     * @param events   the events of a streamed call, in order (the last one {@code Completed} unless it failed)
     * @param error    the error the call failed with, else null
     */
    private record Recording(JsonNode json, JsonNode key, boolean stream, ChatResponse response,
            List<StreamEvent> events, JsonNode error, boolean failedOnOpen) {

        static Recording parse(JsonNode json, Path file, int index) {
            try {
                return parse(json, "interactions[" + index + "]");
            } catch (IllegalArgumentException | JacksonException e) {
                throw malformed(file, e.getMessage(), e);
            }
        }

        private static Recording parse(JsonNode json, String path) {
            if (!json.isObject()) {
                throw invalid(path, "is not an object");
            }
            JsonNode request = json.get("request");
            if (request == null || !request.isObject() || !request.path("messages").isArray()
                    || !request.path("options").isObject()) {
                throw invalid(path, "has no request object with messages and options");
            }
            JsonNode streamNode = json.get("stream");
            if (streamNode == null || !streamNode.isBoolean()) {
                throw invalid(path, "has no 'stream' flag (true or false)");
            }
            boolean stream = streamNode.booleanValue();
            JsonNode error = json.hasNonNull("error") ? json.get("error") : null;
            if (error != null) {
                ChatCodec.decodeError(error, path + ".error"); // fails here, naming the path, rather than at replay
            }
            if (!stream) {
                if ((error == null) == !json.hasNonNull("response")) {
                    throw invalid(path, "is a blocking call, so it must hold either a 'response' or an 'error'");
                }
                ChatResponse response = error == null ? ChatCodec.decodeResponse(json.get("response"), path + ".response") : null;
                return new Recording(json, matchKey(request), false, response, List.of(), error, false);
            }
            JsonNode eventsNode = json.get("events");
            if (eventsNode == null || !eventsNode.isArray()) {
                throw invalid(path, "is a streamed call but has no 'events' array");
            }
            List<StreamEvent> events = new ArrayList<>();
            for (JsonNode node : eventsNode) {
                if (!events.isEmpty() && events.getLast() instanceof StreamEvent.Completed) {
                    throw invalid(path + ".events[" + events.size() + "]", "follows the completed event");
                }
                events.add(ChatCodec.decodeEvent(node, path + ".events[" + events.size() + "]"));
            }
            boolean completed = !events.isEmpty() && events.getLast() instanceof StreamEvent.Completed;
            if (completed == (error != null)) {
                throw invalid(path, "is a streamed call, so it must end with either a completed event or an 'error'");
            }
            boolean failedOnOpen = json.path("failedOnOpen").booleanValue(false);
            return new Recording(json, matchKey(request), true, null, List.copyOf(events), error, failedOnOpen);
        }

        private static IllegalArgumentException invalid(String path, String problem) {
            return new IllegalArgumentException("at " + path + ": " + problem);
        }
    }

    private static CassetteException malformed(Path file, String problem, Throwable cause) {
        return new CassetteException(file, "Cassette " + file + " is malformed: " + problem
                + ". Fix it, or delete it and record it again (-D" + CassetteMode.PROPERTY + "=RECORD).", cause);
    }

    /** Reads the recordings of {@code file}; none when it does not exist. */
    private static List<Recording> load(Path file) {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new CassetteException(file, "Cassette " + file + " could not be read (" + e + "): check its permissions", e);
        } catch (JacksonException e) {
            throw malformed(file, "it is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw malformed(file, "it is empty or not a JSON object", null);
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || version.longValue() < 1) {
            throw malformed(file, "it has no 'version' (a positive integer)", null);
        }
        if (version.longValue() > FORMAT_VERSION) {
            throw new CassetteException(file, "Cassette " + file + " has format version " + version.longValue()
                    + ", but this llmops reads versions up to " + FORMAT_VERSION
                    + ": upgrade llmops, or record the cassette again with this version (-D" + CassetteMode.PROPERTY
                    + "=RECORD).", null);
        }
        JsonNode interactions = root.get("interactions");
        if (interactions == null || !interactions.isArray()) {
            throw malformed(file, "it has no 'interactions' array", null);
        }
        List<Recording> recordings = new ArrayList<>();
        for (JsonNode interaction : interactions) {
            recordings.add(Recording.parse(interaction, file, recordings.size()));
        }
        return recordings;
    }

    /**
     * Names the cassette, its mode, its delegate and the secrets to keep out of it.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private Path directory = DEFAULT_DIRECTORY;
        private String name;
        private Path file;
        private ChatModel delegate;
        private CassetteMode mode;
        private SecretScrubber scrubber = SecretScrubber.standard();

        private Builder() {
        }

        /**
         * The cassette's name: the file {@code <directory>/<name>.json}. Letters, digits, {@code . _ -}, and
         * {@code /} between folder names, e.g. {@code "weather/asks-for-paris"}.
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches() || List.of(name.split("/")).contains("..")) {
                throw new IllegalArgumentException("cassette name '" + name + "' is invalid: use letters, digits, '.', '_' "
                        + "and '-', with '/' between folder names, e.g. \"weather/asks-for-paris\"");
            }
            this.name = name;
            this.file = null;
            return this;
        }

        /** The folder {@link #name(String)} resolves against; {@link #DEFAULT_DIRECTORY} by default. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The cassette file itself, instead of a {@link #name(String)}. */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            this.name = null;
            return this;
        }

        /** The real model to record from; may be left out in {@link CassetteMode#REPLAY} mode. */
        public Builder delegate(ChatModel delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            return this;
        }

        /** The mode; by default {@link CassetteMode#fromEnvironment()}, read when {@link #build()} runs. */
        public Builder mode(CassetteMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * A secret to keep out of the cassette, e.g. the API key the delegate uses: wherever it occurs in a
         * request, response or error, it is written as {@value SecretScrubber#REDACTED}. A {@code null} secret
         * (an unset environment variable in CI) is ignored.
         *
         * @throws IllegalArgumentException when the secret is shorter than
         *                                  {@value SecretScrubber#MIN_LITERAL_LENGTH} characters
         */
        public Builder secret(String secret) {
            if (secret != null) {
                scrubber = scrubber.withLiterals(List.of(secret));
            }
            return this;
        }

        /** Several secrets; see {@link #secret(String)}. */
        public Builder secrets(Collection<String> secrets) {
            Objects.requireNonNull(secrets, "secrets").forEach(this::secret);
            return this;
        }

        /**
         * Builds the model, reading the cassette unless the mode is {@link CassetteMode#RECORD}.
         *
         * @throws IllegalStateException when no cassette was named, or the mode records and there is no delegate
         * @throws CassetteException     when the cassette cannot be read, is malformed, or is of a newer version
         */
        public CassetteChatModel build() {
            if (file == null && name == null) {
                throw new IllegalStateException("no cassette named: call name(\"my-test\") for "
                        + DEFAULT_DIRECTORY + "/my-test.json, or file(path)");
            }
            Path path = file != null ? file : directory.resolve(name.endsWith(".json") ? name : name + ".json");
            CassetteMode resolved = mode != null ? mode : CassetteMode.fromEnvironment();
            if (resolved != CassetteMode.REPLAY && delegate == null) {
                throw new IllegalStateException("cassette " + path + " is in mode " + resolved
                        + ", which calls the real model, but has no delegate: pass delegate(realModel), or replay with mode REPLAY");
            }
            List<Recording> recordings = resolved == CassetteMode.RECORD ? new ArrayList<>() : load(path);
            return new CassetteChatModel(path, resolved, delegate, scrubber, recordings);
        }
    }
}
