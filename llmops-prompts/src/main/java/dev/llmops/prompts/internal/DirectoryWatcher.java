package dev.llmops.prompts.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches directories (and the directories created in them) and runs a callback after each batch of changes,
 * on one daemon thread.
 *
 * <p>Thread-safe; {@link #close()} stops it.
 */
public final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final WatchService service;
    private final Thread thread;

    public DirectoryWatcher(List<Path> roots, Runnable onChange) {
        try {
            service = FileSystems.getDefault().newWatchService();
            for (Path root : roots) {
                registerTree(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch prompt directories " + roots + ": " + e.getMessage(), e);
        }
        thread = Thread.ofPlatform().daemon().name("llmops-prompts-watch").unstarted(() -> loop(onChange));
        thread.start();
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root, 2)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void loop(Runnable onChange) {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ClosedWatchServiceException e) {
                return;
            }
            // Drain what else arrived, so one save of several files reloads once.
            for (WatchKey k = key; k != null; k = service.poll()) {
                Path dir = (Path) k.watchable();
                for (var event : k.pollEvents()) {
                    if (event.context() instanceof Path name && Files.isDirectory(dir.resolve(name))) {
                        try {
                            registerTree(dir.resolve(name));
                        } catch (IOException e) {
                            LOG.warn("cannot watch new prompt directory {}: {}", dir.resolve(name), e.toString());
                        }
                    }
                }
                k.reset();
            }
            onChange.run();
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the prompt watch service failed: {}", e.toString());
        }
        thread.interrupt();
    }
}
