package dev.llmops.rag.load;

import dev.llmops.rag.Document;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a file into documents. Stock loaders are in {@link Loaders}; every document they produce carries the
 * metadata {@value Loaders#SOURCE} (the file path) and {@value Loaders#CONTENT_TYPE}.
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
@FunctionalInterface
public interface DocumentLoader {

    /**
     * The documents of {@code file}.
     *
     * @throws LoadException when the file cannot be read or holds no text
     */
    List<Document> load(Path file);
}
