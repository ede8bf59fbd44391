package dev.llmops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes the temporary folders the commands work in.
 *
 * <p>Thread-safe (stateless); two callers removing the same folder at once may see an {@link IOException} for
 * the entries the other removed first.
 */
final class Folders {
    private Folders() {
    }

    /** Deletes {@code folder} and everything in it, deepest entries first. */
    static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
