package dev.llmops.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadTest {
    @TempDir
    Path dir;

    @Test
    void reloadPicksUpANewVersionAndMovesLatest() throws Exception {
        PromptRegistryTest.copySamples(dir);
        try (PromptRegistry registry = PromptRegistry.builder().directory(dir).build()) {
            Files.writeString(dir.resolve("safety/3.prompt"), "---\ndescription: v3\n---\nBe kind.\n");
            assertThat(registry.labels("safety")).containsEntry("latest", "2");
            registry.reload();
            assertThat(registry.labels("safety")).containsEntry("latest", "3");
            assertThat(registry.get("safety").version()).isEqualTo("2");
        }
    }

    @Test
    void aFailedReloadKeepsServingThePreviousPrompts() throws Exception {
        PromptRegistryTest.copySamples(dir);
        try (PromptRegistry registry = PromptRegistry.builder().directory(dir).build()) {
            Prompt before = registry.get("safety");
            Files.writeString(dir.resolve("safety/3.prompt"), "---\ndescription: [broken\n---\nx\n");
            assertThatThrownBy(registry::reload).isInstanceOf(PromptFormatException.class);
            assertThat(registry.get("safety")).isSameAs(before);
            assertThat(registry.lastReloadFailure()).isPresent();
            Files.delete(dir.resolve("safety/3.prompt"));
            registry.reload();
            assertThat(registry.lastReloadFailure()).isEmpty();
        }
    }

    @Test
    void watchReloadsWhenAFileChanges() throws Exception {
        PromptRegistryTest.copySamples(dir);
        Semaphore reloads = new Semaphore(0);
        PromptRegistry.Listener listener = new PromptRegistry.Listener() {
            @Override
            public void reloaded(PromptRegistry registry) {
                reloads.release();
            }

            @Override
            public void reloadFailed(PromptRegistry registry, RuntimeException error) {
                reloads.release();
            }
        };
        try (PromptRegistry registry = PromptRegistry.builder().directory(dir).watch(true).listener(listener).build()) {
            Path staged = Files.createTempFile(dir.getParent(), "safety", ".prompt");
            Files.writeString(staged, "---\ndescription: v3\n---\nBe kind.\n");
            Files.move(staged, dir.resolve("safety/3.prompt"), StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!"3".equals(registry.labels("safety").get("latest")) && System.nanoTime() < deadline) {
                reloads.tryAcquire(200, TimeUnit.MILLISECONDS);
            }
            assertThat(registry.labels("safety")).containsEntry("latest", "3");
        }
    }
}
