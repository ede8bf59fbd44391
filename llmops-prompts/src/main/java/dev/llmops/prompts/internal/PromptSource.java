package dev.llmops.prompts.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where prompt files come from: a directory or a classpath folder, laid out as {@code <name>/<version>.prompt}
 * (or {@code .prompty}), with optional {@code labels.yaml} and {@code prompts.lock} at the top.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface PromptSource {

    /** One prompt file as found. */
    record File(String name, String version, String location, String text, boolean prompty) {
    }

    /** Every prompt file, in a stable order. */
    List<File> files();

    /** The text of a top-level file ({@code labels.yaml}, {@code prompts.lock}), when present. */
    Optional<String> read(String fileName);

    /** What to show in messages. */
    String location(String fileName);

    /** The prompt files of a directory. */
    record Directory(Path root) implements PromptSource {
        public Directory {
            Objects.requireNonNull(root, "root");
        }

        @Override
        public List<File> files() {
            if (!Files.isDirectory(root)) {
                throw new UncheckedIOException(new IOException("prompt directory " + root.toAbsolutePath()
                        + " does not exist: create it or point the registry at the directory holding <name>/<version>.prompt files"));
            }
            List<File> files = new ArrayList<>();
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    try (Stream<Path> inner = Files.list(dir)) {
                        for (Path f : inner.filter(Files::isRegularFile).sorted().toList()) {
                            String fileName = f.getFileName().toString();
                            if (isPromptFile(fileName)) {
                                files.add(new File(dir.getFileName().toString(), versionOf(fileName), f.toString(),
                                        Files.readString(f, StandardCharsets.UTF_8), fileName.endsWith(".prompty")));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read prompt directory " + root + ": " + e.getMessage(), e);
            }
            return files;
        }

        @Override
        public Optional<String> read(String fileName) {
            Path f = root.resolve(fileName);
            try {
                return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String location(String fileName) {
            return root.resolve(fileName).toString();
        }
    }

    /** The prompt files under a classpath folder, in directories or jars. */
    record Classpath(ClassLoader loader, String root) implements PromptSource {
        public Classpath {
            Objects.requireNonNull(loader, "loader");
            root = root.replaceAll("^/+|/+$", "");
        }

        @Override
        public List<File> files() {
            List<File> files = new ArrayList<>();
            try {
                Enumeration<URL> urls = loader.getResources(root);
                for (URL url : Collections.list(urls)) {
                    if ("file".equals(url.getProtocol())) {
                        files.addAll(new Directory(Path.of(url.toURI())).files().stream()
                                .map(f -> new File(f.name(), f.version(), "classpath:" + root + "/" + f.name() + "/"
                                        + Path.of(f.location()).getFileName(), f.text(), f.prompty()))
                                .toList());
                    } else if ("jar".equals(url.getProtocol())) {
                        files.addAll(jarFiles(url));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list classpath folder " + root + ": " + e.getMessage(), e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException("classpath folder " + root + " has an invalid URL: " + e.getMessage(), e);
            }
            return files;
        }

        private List<File> jarFiles(URL url) throws IOException {
            List<File> files = new ArrayList<>();
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries()).stream()
                        .sorted(java.util.Comparator.comparing(JarEntry::getName)).toList()) {
                    String[] parts = entry.getName().substring(Math.min(entry.getName().length(), root.length())).split("/");
                    if (!entry.getName().startsWith(root + "/") || entry.isDirectory() || parts.length != 3
                            || !isPromptFile(parts[2])) {
                        continue;
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.add(new File(parts[1], versionOf(parts[2]), "classpath:" + entry.getName(),
                                new String(in.readAllBytes(), StandardCharsets.UTF_8), parts[2].endsWith(".prompty")));
                    }
                }
            }
            return files;
        }

        @Override
        public Optional<String> read(String fileName) {
            try (InputStream in = loader.getResourceAsStream(root + "/" + fileName)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read classpath:" + root + "/" + fileName + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String location(String fileName) {
            return "classpath:" + root + "/" + fileName;
        }
    }

    private static boolean isPromptFile(String fileName) {
        return !fileName.startsWith(".") && (fileName.endsWith(".prompt") || fileName.endsWith(".prompty"));
    }

    private static String versionOf(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }
}
