package dev.llmops.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Cost;
import dev.llmops.core.Usage;
import dev.llmops.core.cost.MutableClock;
import dev.llmops.core.testing.ScriptedChatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCacheDiskTest {
    private static final ChatRequest QUESTION = ChatRequest.of("capital of France?")
            .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

    private final ScriptedChatModel model = ScriptedChatModel.builder()
            .reply("Paris").withUsage(new Usage(12, 3, 0))
            .reply("Paris, again")
            .build();

    private ResponseCache diskCache() {
        return ResponseCache.builder().directory(dir).ttl(Duration.ofHours(1)).clock(clock).build();
    }

    private ChatModel cached(ResponseCache cache) {
        return ChatPipeline.builder(model).interceptor(cache).build();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void entrySurvivesANewCacheInstance() {
        cached(diskCache()).chat(QUESTION);

        ChatResponse fromDisk = cached(diskCache()).chat(QUESTION);

        assertThat(fromDisk.text()).isEqualTo("Paris");
        assertThat(fromDisk.usage()).isEqualTo(new Usage(12, 3, 0));
        assertThat(fromDisk.cost()).isEqualTo(Cost.CACHED);
        assertThat(model.callCount()).isEqualTo(1);
    }

    @Test
    void writeLeavesOneJsonFileAndNoTemporaryFile() throws IOException {
        cached(diskCache()).chat(QUESTION);

        assertThat(files()).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString()).matches("[0-9a-f]{64}\\.json");
            assertThat(Files.readString(file)).contains("\"Paris\"");
        });
    }

    @Test
    void corruptFileIsAMissAndIsReplaced() throws IOException {
        cached(diskCache()).chat(QUESTION);
        Path file = files().getFirst();
        Files.writeString(file, "{\"format\": 1, \"storedAt\": \"2026-11-23T10:00:00Z\", \"response\": {\"mess");

        ChatResponse answer = cached(diskCache()).chat(QUESTION);

        assertThat(answer.text()).isEqualTo("Paris, again");
        assertThat(Files.readString(file)).contains("Paris, again");
    }

    @Test
    void fileOfTheWrongShapeIsAMiss() throws IOException {
        cached(diskCache()).chat(QUESTION);
        Files.writeString(files().getFirst(), "[1, 2, 3]");

        assertThat(cached(diskCache()).chat(QUESTION).text()).isEqualTo("Paris, again");
    }

    @Test
    void expiredFileIsAMiss() {
        cached(diskCache()).chat(QUESTION);

        clock.advance(Duration.ofMinutes(61));
        ChatResponse answer = cached(diskCache()).chat(QUESTION);

        assertThat(answer.text()).isEqualTo("Paris, again");
        assertThat(model.callCount()).isEqualTo(2);
    }

    @Test
    void diskHitIsCopiedIntoMemory() throws IOException {
        cached(diskCache()).chat(QUESTION);
        ResponseCache second = diskCache();
        ChatModel chat = cached(second);
        chat.chat(QUESTION);

        for (Path file : files()) {
            Files.delete(file);
        }
        ChatResponse fromMemory = chat.chat(QUESTION);

        assertThat(fromMemory.text()).isEqualTo("Paris");
        assertThat(second.memorySize()).isEqualTo(1);
    }

    @Test
    void namespacesSharingADirectoryDoNotAnswerForEachOther() {
        cached(ResponseCache.builder().directory(dir).namespace("support-bot").clock(clock).build()).chat(QUESTION);

        ChatResponse other = cached(ResponseCache.builder().directory(dir).namespace("sales-bot").clock(clock).build())
                .chat(QUESTION);

        assertThat(other.text()).isEqualTo("Paris, again");
    }
}
