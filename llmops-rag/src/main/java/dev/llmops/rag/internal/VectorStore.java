package dev.llmops.rag.internal;

import dev.llmops.rag.RagException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vectors by key: a bounded least-recently-used map in memory, optionally backed by one file per vector in a
 * directory (written to a temporary file, then moved into place, so a reader never sees half a vector).
 *
 * <p>Thread-safe; create one and share it.
 */
public final class VectorStore {
    private static final Logger LOG = LoggerFactory.getLogger(VectorStore.class);
    private static final int MAGIC = 0x4C4C4D56; // "LLMV"

    private final Map<String, float[]> memory;
    private final Path directory;

    /**
     * @param maxEntries vectors kept in memory, least recently used dropped first
     * @param directory  where vectors are also stored, or {@code null} for memory only
     */
    public VectorStore(int maxEntries, Path directory) {
        this.memory = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > maxEntries;
            }
        };
        this.directory = directory;
        if (directory != null) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new RagException("cannot create the embedding cache directory " + directory + ": " + e.getMessage()
                        + "; pass a writable directory", e);
            }
        }
    }

    /** The vector stored under {@code key}, from memory or else disk. */
    public Optional<float[]> get(String key) {
        synchronized (memory) {
            float[] v = memory.get(key);
            if (v != null) {
                return Optional.of(v.clone());
            }
        }
        if (directory == null) {
            return Optional.empty();
        }
        Optional<float[]> fromDisk = read(file(key));
        fromDisk.ifPresent(v -> {
            synchronized (memory) {
                memory.put(key, v.clone());
            }
        });
        return fromDisk;
    }

    /** Stores {@code vector} under {@code key}. */
    public void put(String key, float[] vector) {
        synchronized (memory) {
            memory.put(key, vector.clone());
        }
        if (directory != null) {
            write(file(key), vector);
        }
    }

    private Path file(String key) {
        return directory.resolve(key.substring(0, 2)).resolve(key + ".vec");
    }

    private static Optional<float[]> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RagException("cannot read cached embedding " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8 || buf.getInt() != MAGIC) {
            LOG.warn("ignoring corrupt cached embedding {} (bad header); it will be recomputed", file);
            return Optional.empty();
        }
        int dimension = buf.getInt();
        if (dimension < 1 || bytes.length != 8 + 4L * dimension) {
            LOG.warn("ignoring corrupt cached embedding {} ({} bytes for dimension {}); it will be recomputed", file,
                    bytes.length, dimension);
            return Optional.empty();
        }
        float[] v = new float[dimension];
        buf.asFloatBuffer().get(v);
        return Optional.of(v);
    }

    private static void write(Path file, float[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(vector.length);
        buf.asFloatBuffer().put(vector);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "vec", ".tmp");
            Files.write(tmp, buf.array());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new RagException("cannot write cached embedding " + file + ": " + e.getMessage()
                    + "; check the cache directory is writable and has space", e);
        }
    }
}
