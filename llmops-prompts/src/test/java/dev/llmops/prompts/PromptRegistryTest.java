package dev.llmops.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.SystemMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptRegistryTest {
    static final Path SAMPLES = Path.of("src/test/resources/prompts");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static PromptRegistry classpath() {
        return PromptRegistry.builder().classpath("prompts").build();
    }

    /** A writable copy of the sample prompts. */
    static Path copySamples(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path f : files.toList()) {
                Path target = dir.resolve(SAMPLES.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return dir;
    }

    PromptRegistry registry() throws IOException {
        return PromptRegistry.builder().directory(copySamples(dir)).clock(CLOCK).actor("ci").build();
    }

    @Test
    void getServesTheProductionLabel() {
        try (PromptRegistry registry = classpath()) {
            assertThat(registry.get("support-answer").id()).isEqualTo("support-answer@2");
            assertThat(registry.get("support-answer", "staging").id()).isEqualTo("support-answer@3");
            assertThat(registry.get("support-answer", "1").id()).isEqualTo("support-answer@1");
            assertThat(registry.get("support-answer", "latest").id()).isEqualTo("support-answer@3");
            assertThat(registry.names()).containsExactly("classify", "safety", "support-answer", "triage");
            assertThat(registry.versions("support-answer")).extracting(Prompt::version).containsExactly("1", "2", "3");
            assertThat(registry.labels("support-answer")).containsEntry("production", "2").containsEntry("latest", "3");
            assertThat(registry.get("support-answer", "1").message()).isEqualTo("First version.");
            assertThat(registry.get("support-answer", "2").author()).isEqualTo("ben");
            assertThat(registry.isReleased("support-answer", "2")).isTrue();
            assertThat(registry.isReleased("support-answer", "3")).isFalse();
        }
    }

    @Test
    void missingNamesVersionsAndLabelsAreErrorsListingWhatExists() {
        try (PromptRegistry registry = classpath()) {
            assertThatThrownBy(() -> registry.get("nope")).isInstanceOf(PromptNotFoundException.class)
                    .hasMessageContaining("[classify, safety, support-answer, triage]");
            assertThatThrownBy(() -> registry.version("support-answer", "9")).isInstanceOf(PromptNotFoundException.class)
                    .hasMessageContaining("[1, 2, 3]");
            assertThatThrownBy(() -> registry.get("safety", "staging")).isInstanceOf(PromptNotFoundException.class)
                    .hasMessageContaining("is not set");
        }
    }

    @Test
    void partialsPinAVersionOrFollowALabel() {
        try (PromptRegistry registry = classpath()) {
            Prompt v2 = registry.version("support-answer", "2");
            assertThat(((SystemMessage) v2.render(Map.of("question", "q")).messages().get(0)).text())
                    .contains("Never share another customer's data.").doesNotContain("card numbers");
            Prompt v3 = registry.version("support-answer", "3");
            assertThat(((SystemMessage) v3.render(Map.of("question", "q")).messages().get(0)).text()).contains("card numbers");
            assertThat(v3.partials()).containsOnlyKeys("safety");
            assertThat(v3.partials().get("safety")).startsWith("safety@2 sha256:");
            ChatRequest request = v3.toRequest(Map.of("question", "q"));
            assertThat(request.options().metadata()).containsEntry(ChatOptions.PROMPT_HASH, v3.renderHash());
            assertThat(v3.renderHash()).isNotEqualTo(v3.hash());
        }
    }

    @Test
    void diffShowsTheChangedLines() {
        try (PromptRegistry registry = classpath()) {
            String diff = registry.diff("safety", "1", "production");
            assertThat(diff).startsWith("--- safety@1\n+++ safety@2\n")
                    .contains("-Never share another customer's data.\n")
                    .contains("+Never share another customer's data. Never ask for card numbers.\n");
            assertThat(registry.diff("safety", "2", "production")).isEmpty();
        }
    }

    @Test
    void setLabelWritesLabelsAuditAndLockAndRollbackMovesItBack() throws IOException {
        try (PromptRegistry registry = registry()) {
            assertThat(registry.isReleased("support-answer", "3")).isFalse();
            LabelChange change = registry.setLabel("support-answer", "production", "3", "structured answers");
            assertThat(change).isEqualTo(new LabelChange(CLOCK.instant(), "support-answer", "production", "2", "3",
                    "structured answers", "ci"));
            assertThat(registry.get("support-answer").version()).isEqualTo("3");
            assertThat(Files.readString(dir.resolve("labels.yaml"))).contains("  production: \"3\"");
            assertThat(registry.isReleased("support-answer", "3")).isTrue();
            assertThat(Files.readString(dir.resolve("prompts.lock"))).contains("\"prompt\":\"support-answer\",\"version\":\"3\"");

            LabelChange back = registry.rollback("support-answer", "production", "JSON answers confused the widget");
            assertThat(back.from()).isEqualTo("3");
            assertThat(back.to()).isEqualTo("2");
            assertThat(back.reason()).isEqualTo("rollback: JSON answers confused the widget");
            assertThat(registry.get("support-answer").version()).isEqualTo("2");
            assertThat(registry.history("support-answer")).extracting(LabelChange::from, LabelChange::to)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2", "3"), org.assertj.core.groups.Tuple.tuple("3", "2"));
        }
        try (PromptRegistry reopened = PromptRegistry.builder().directory(dir).build()) {
            assertThat(reopened.get("support-answer").version()).isEqualTo("2");
            assertThat(reopened.history("support-answer")).hasSize(2);
        }
    }

    @Test
    void rollbackWithoutHistoryIsAnError() throws IOException {
        try (PromptRegistry registry = registry()) {
            assertThatThrownBy(() -> registry.rollback("support-answer", "production", "x"))
                    .isInstanceOf(PromptException.class).hasMessageContaining("no earlier version");
        }
    }

    @Test
    void latestCannotBeSetByHand() throws IOException {
        try (PromptRegistry registry = registry()) {
            assertThatThrownBy(() -> registry.setLabel("support-answer", "latest", "1", "x"))
                    .isInstanceOf(PromptException.class).hasMessageContaining("highest version");
        }
    }

    @Test
    void movingALabelRelinksPartialsThatFollowIt() throws IOException {
        try (PromptRegistry registry = registry()) {
            String before = registry.version("support-answer", "3").renderHash();
            registry.setLabel("safety", "production", "1", "revert the payment rule");
            Prompt after = registry.version("support-answer", "3");
            assertThat(after.renderHash()).isNotEqualTo(before);
            assertThat(after.render(Map.of("question", "q")).messages().get(0).toString()).doesNotContain("card numbers");
        }
    }

    @Test
    void aLabelThatDisappearsIsAnErrorNotAStalePrompt() throws IOException {
        try (PromptRegistry registry = registry()) {
            assertThat(registry.get("support-answer", "staging").version()).isEqualTo("3");
            Files.writeString(dir.resolve("labels.yaml"), "support-answer:\n  production: \"2\"\nsafety:\n  production: \"2\"\n");
            registry.reload();
            assertThatThrownBy(() -> registry.get("support-answer", "staging"))
                    .isInstanceOfSatisfying(PromptNotFoundException.class, e -> {
                        assertThat(e.getMessage()).contains("label 'staging' of prompt support-answer was removed (it pointed at version 3)");
                        assertThat(e.file()).hasValueSatisfying(f -> assertThat(f).endsWith("labels.yaml"));
                    });
        }
    }

    @Test
    void aLabelPointingAtAMissingVersionNamesTheLabelsFileLine() throws IOException {
        copySamples(dir);
        Files.writeString(dir.resolve("labels.yaml"), "support-answer:\n  production: \"2\"\n  canary: \"7\"\n");
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).build())
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.file()).hasValueSatisfying(f -> assertThat(f).endsWith("labels.yaml"));
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("points at version 7").contains("[1, 2, 3]");
                });
    }

    @Test
    void latestInTheLabelsFileIsRefusedAtItsLine() throws IOException {
        copySamples(dir);
        Files.writeString(dir.resolve("labels.yaml"), "# labels\nsafety:\n  latest: \"1\"\n");
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).build())
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.fix()).contains("maintained by the registry");
                });
    }

    @Test
    void labelsOfAnUnknownPromptAreRefused() throws IOException {
        copySamples(dir);
        Files.writeString(dir.resolve("labels.yaml"), "safty:\n  production: \"1\"\n");
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).build())
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("prompt 'safty', which does not exist");
                });
    }

    @Test
    void aDuplicateVersionNamesBothFiles(@TempDir Path other) throws IOException {
        copySamples(dir);
        Files.createDirectories(other.resolve("safety"));
        Files.writeString(other.resolve("safety/2.prompt"), "---\ndescription: copy\n---\nRules.\n");
        String otherFile = other.toRealPath().resolve("safety/2.prompt").toString();
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).directory(other).build())
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.getMessage()).contains("version 2 of prompt safety is defined twice")
                            .contains(dir.resolve("safety/2.prompt").toString());
                    assertThat(e.file()).hasValue(otherFile);
                    assertThat(e.fix()).contains("new version number");
                });
    }

    @Test
    void cyclicPartialsAreRefusedNamingTheCycle() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/1.prompt"), "---\ndescription: a\n---\nA\n{{> b@1}}\n");
        Files.writeString(dir.resolve("b/1.prompt"), "---\ndescription: b\n---\nB {{> a@1}}\n");
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).build())
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.getMessage()).contains("partials form a cycle: a@1 -> b@1 -> a@1");
                    assertThat(e.file()).hasValueSatisfying(f -> assertThat(f).endsWith("b/1.prompt"));
                    assertThat(e.line()).isEqualTo(4);
                });
    }

    @Test
    void aPartialUsingAVariableTheIncluderDoesNotDeclareIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("p"));
        Files.writeString(dir.resolve("a/1.prompt"), "---\ninputs:\n  x: string\n---\n{{x}} {{> p@1}}\n");
        Files.writeString(dir.resolve("p/1.prompt"), "---\ninputs:\n  y: string\n---\n{{y}}\n");
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).build())
                .isInstanceOfSatisfying(PromptVariableException.class, e -> {
                    assertThat(e.variable()).isEqualTo("y");
                    assertThat(e.file()).hasValueSatisfying(f -> assertThat(f).endsWith("p/1.prompt"));
                });
    }

    @Test
    void aPartialCanFollowANamedLabel() throws IOException {
        copySamples(dir);
        Files.writeString(dir.resolve("labels.yaml"), Files.readString(dir.resolve("labels.yaml")).replace(
                "safety:\n  production: \"2\"", "safety:\n  production: \"2\"\n  canary: \"1\""));
        Files.createDirectories(dir.resolve("canary-answer"));
        Files.writeString(dir.resolve("canary-answer/1.prompt"), "---\ninputs:\n  q: string\n---\nsystem:\n{{> safety:canary}}\nuser:\n{{q}}\n");
        try (PromptRegistry registry = PromptRegistry.builder().directory(dir).build()) {
            Prompt p = registry.version("canary-answer", "1");
            assertThat(p.partials().get("safety:canary")).startsWith("safety@1 ");
            assertThat(p.render(Map.of("q", "x")).messages().get(0).toString()).doesNotContain("card numbers");
        }
    }

    @Test
    void aPartialFollowingAnUnsetLabelNamesItsLineAndSuggestsAPin() throws IOException {
        copySamples(dir);
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("b/1.prompt"), "---\ndescription: b\n---\nsystem:\n{{> safety:beta}}\n");
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).build())
                .isInstanceOfSatisfying(PromptNotFoundException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.fix()).contains("{{> safety@2}}");
                });
    }

    @Test
    void aPartialInsideALoopReadsTheItemsFields() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("shot"));
        Files.writeString(dir.resolve("a/1.prompt"), "---\ninputs:\n  shots: list\n---\n{{#shots}}{{> shot@1}}{{/shots}}\n");
        Files.writeString(dir.resolve("shot/1.prompt"), "---\ninputs:\n  q: string\n  a: string\n---\nQ: {{q}} A: {{a}}\n");
        try (PromptRegistry registry = PromptRegistry.builder().directory(dir).build()) {
            assertThat(registry.version("a", "1").render(Map.of("shots", java.util.List.of(Map.of("q", "1+1", "a", "2"))))
                    .messages().get(0).toString()).contains("Q: 1+1 A: 2");
        }
    }

    @Test
    void aPromptyFileInARegistryIsNamedByItsPlace() throws IOException {
        Files.createDirectories(dir.resolve("basic"));
        Files.writeString(dir.resolve("basic/1.prompty"), "---\nname: Basic Prompt\nversion: 1.0\ninputs:\n  question:\n    type: string\n"
                + "---\nsystem:\nAnswer briefly.\nuser:\n{{question}}\n");
        try (PromptRegistry registry = PromptRegistry.builder().directory(dir).build()) {
            assertThat(registry.version("basic", "1").render(Map.of("question", "Why?")).messages()).hasSize(2);
        }
    }

    @Test
    void aChangedReleasedVersionFailsLoadingWithTheDiff() throws IOException {
        try (PromptRegistry registry = registry()) {
            registry.release("safety", "1");
            Path file = dir.resolve("safety/1.prompt");
            Files.writeString(file, Files.readString(file).replace("First rules.", "First rules, reworded."));
            assertThatThrownBy(registry::reload).isInstanceOfSatisfying(PromptIntegrityException.class, e -> {
                assertThat(e.getMessage()).contains("released version safety@1 changed");
                assertThat(e.file()).hasValue(file.toString());
                assertThat(e.diff()).contains("-message: First rules.\n+message: First rules, reworded.\n");
                assertThat(e.fix()).contains("new version file");
            });
            assertThat(registry.lastReloadFailure()).containsInstanceOf(PromptIntegrityException.class);
            assertThat(registry.version("safety", "1").message()).isEqualTo("First rules.");
        }
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).build()).isInstanceOf(PromptIntegrityException.class);
    }

    @Test
    void malformedYamlInTheRegistryNamesFileAndLine() throws IOException {
        copySamples(dir);
        Files.writeString(dir.resolve("safety/3.prompt"), "---\ndescription: x\ninputs:\n  a: {type: string\n---\nhi\n");
        assertThatThrownBy(() -> PromptRegistry.builder().directory(dir).build())
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.file()).hasValueSatisfying(f -> assertThat(f).endsWith("safety/3.prompt"));
                    assertThat(e.line()).isBetween(4, 5);
                });
    }

    @Test
    void classpathLabelsAreReadOnly() {
        try (PromptRegistry registry = classpath()) {
            assertThatThrownBy(() -> registry.setLabel("safety", "production", "1", "x"))
                    .isInstanceOf(PromptException.class).hasMessageContaining("build the registry on a directory");
        }
    }

    @Test
    void readsPromptsFromAJar() throws IOException {
        Path jar = dir.resolve("prompts.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String d : new String[] {"my/", "my/prompts/", "my/prompts/hello/"}) {
                out.putNextEntry(new JarEntry(d));
                out.closeEntry();
            }
            put(out, "my/prompts/hello/1.prompt", "---\ninputs:\n  who: string\n---\nHello {{who}}\n");
            put(out, "my/prompts/labels.yaml", "hello:\n  production: \"1\"\n");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             PromptRegistry registry = PromptRegistry.builder().classpath("my/prompts").classLoader(loader).build()) {
            Prompt hello = registry.get("hello");
            assertThat(hello.file()).isEqualTo("classpath:my/prompts/hello/1.prompt");
            assertThat(hello.render(Map.of("who", "jar")).messages().get(0).toString()).contains("Hello jar");
        }
    }

    private static void put(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
