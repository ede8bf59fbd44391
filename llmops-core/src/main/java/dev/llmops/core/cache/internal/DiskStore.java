package dev.llmops.core.cache.internal;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.internal.ChatCodec;
import dev.llmops.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached responses on disk: one JSON file per key ({@code <key>.json}) in a directory, holding the format,
 * when it was stored, the model and the response in {@link ChatCodec}'s form. A file is written to a
 * temporary file in the same directory and moved into place atomically, so a reader never sees half a file.
 * An entry older than the time to live is a miss (the store after it replaces the file); a file that cannot be read or decoded is a
 * miss with a warning naming the file, never a failed call. Write failures are warnings too.
 *
 * <p>Thread-safe; several processes may share a directory (the last writer of a key wins).
 */
public final class DiskStore {
    private static final Logger LOG = LoggerFactory.getLogger(DiskStore.class);
    private static final int FORMAT = 1;
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final Path directory;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @throws UncheckedIOException when the directory cannot be created
     */
    public DiskStore(Path directory, Duration ttl, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cache directory " + directory + ": " + e.getMessage()
                    + "; give a writable directory", e);
        }
    }

    /** The response stored under {@code key}, unless it is missing, expired or unreadable. */
    public Optional<ChatResponse> get(String key) {
        Path file = fileOf(key);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read cached response {} ({}); treating it as a miss", file, e.getClass().getSimpleName());
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                LOG.warn("cached response {} is not a JSON object; treating it as a miss", file);
                return Optional.empty();
            }
            int format = node.path("format").asInt(-1);
            if (format != FORMAT) {
                LOG.warn("cached response {} has format {}, expected {}; treating it as a miss", file, format, FORMAT);
                return Optional.empty();
            }
            Instant storedAt = Instant.parse(node.path("storedAt").asString(""));
            if (!clock.instant().isBefore(storedAt.plus(ttl))) {
                // Left in place: the store that follows this miss replaces it, and deleting here could race
                // with another process writing a fresh entry.
                return Optional.empty();
            }
            return Optional.of(ChatCodec.decodeResponse(node.get("response"), "response"));
        } catch (JacksonException | IllegalArgumentException | DateTimeParseException e) {
            // The message may quote the file's content, so only its type is logged.
            LOG.warn("cached response {} is corrupt ({}); treating it as a miss", file, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Stores {@code response} under {@code key}, replacing any earlier entry. */
    public void put(String key, ChatResponse response) {
        Path file = fileOf(key);
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("format", FORMAT);
        node.put("storedAt", clock.instant().toString());
        node.put("model", response.model());
        node.set("response", ChatCodec.encodeResponse(response));
        Path temp = null;
        try {
            temp = Files.createTempFile(directory, "." + key, ".tmp");
            Files.writeString(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException | UncheckedIOException | JacksonException e) {
            LOG.warn("cannot write cached response {} ({}: {}); the call goes on uncached", file,
                    e.getClass().getSimpleName(), e.getMessage());
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** The directory the entries live in. */
    public Path directory() {
        return directory;
    }

    private Path fileOf(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("cache key '" + key + "' is not a SHA-256 hex digest");
        }
        return directory.resolve(key + ".json");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {} ({})", file, e.getClass().getSimpleName());
        }
    }
}
