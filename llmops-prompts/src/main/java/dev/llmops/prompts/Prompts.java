package dev.llmops.prompts;

import dev.llmops.prompts.internal.ParsedPrompt;
import dev.llmops.prompts.internal.PromptFileParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Reads single prompt files outside a registry: for tools, tests, and prompts that include no partials (a
 * {@link PromptRegistry} links partials).
 *
 * <pre>{@code
 * Prompt prompt = Prompts.load(Path.of("prompts/summarize/2.prompt"));
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class Prompts {
    private Prompts() {
    }

    /**
     * Reads a {@code .prompt} or {@code .prompty} file. Without {@code name:} or {@code version:} in its front
     * matter, they come from its directory and file name ({@code <name>/<version>.prompt}).
     *
     * @throws PromptException with the file and line when the file is not a valid prompt
     */
    public static Prompt load(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt file " + file + ": " + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString();
        boolean prompty = fileName.endsWith(".prompty");
        String version = fileName.substring(0, fileName.lastIndexOf('.') < 0 ? fileName.length() : fileName.lastIndexOf('.'));
        Path dir = file.toAbsolutePath().getParent();
        String name = dir == null || dir.getFileName() == null ? null : dir.getFileName().toString();
        return link(PromptFileParser.parse(file.toString(), text, prompty ? null : name, prompty ? null : version,
                prompty, Thread.currentThread().getContextClassLoader()));
    }

    /**
     * Reads prompt text that names itself ({@code name:} and {@code version:} in the front matter).
     *
     * @param text    the file's text
     * @param file    the name used in error messages
     * @param prompty whether it is Microsoft Prompty text
     */
    public static Prompt parse(String text, String file, boolean prompty) {
        return link(PromptFileParser.parse(Objects.requireNonNull(file, "file"), Objects.requireNonNull(text, "text"),
                null, null, prompty, Thread.currentThread().getContextClassLoader()));
    }

    private static Prompt link(ParsedPrompt parsed) {
        if (!parsed.scan().partials().isEmpty()) {
            var tag = parsed.scan().partials().get(0);
            throw new PromptNotFoundException("partial '" + tag.name() + "' cannot be resolved outside a registry", parsed.file(),
                    tag.line(), "load the prompt through a PromptRegistry, which finds partials by name, version and label");
        }
        return Prompt.link(parsed, Map.of());
    }
}
