package dev.llmops.core.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.Message;
import dev.llmops.core.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
    private static final ChatRequest REQUEST = ChatRequest.of(Message.system("Answer in one word."), Message.user("Capital of France?"))
            .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0).withMaxTokens(5)
                    .withTools(List.of(ToolSpec.of("lookup", "looks a city up", "{\"type\":\"object\"}"))));

    /**
     * The key of a fixed request never changes across runs, machines or releases, or disk caches would be
     * lost silently. A change of the canonical form must change CacheKeys.FORMAT and this value together.
     */
    @Test
    void keyOfAFixedRequestIsStable() {
        assertThat(CacheKeys.exact("", REQUEST)).isEqualTo("d88805cb777cb8c0372dd7d6d972a6b1c41a86ce919f66c5e76cb91ec409b33b");
    }

    @Test
    void keyIsALowerCaseSha256Hex() {
        assertThat(CacheKeys.exact("ns", REQUEST)).matches("[0-9a-f]{64}");
    }

    @Test
    void metadataIsLeftOutOfTheKey() {
        ChatRequest labelled = REQUEST.withOptions(REQUEST.options().withMetadata(ChatOptions.PROMPT_VERSION, "7"));

        assertThat(CacheKeys.exact("", labelled)).isEqualTo(CacheKeys.exact("", REQUEST));
    }

    @Test
    void namespaceChangesTheKey() {
        assertThat(CacheKeys.exact("a", REQUEST)).isNotEqualTo(CacheKeys.exact("b", REQUEST));
    }

    @Test
    void contextKeyIgnoresTheLastMessageOnly() {
        ChatRequest other = REQUEST.withMessages(List.of(Message.system("Answer in one word."), Message.user("Capital of Spain?")));
        ChatRequest otherSystem = REQUEST.withMessages(List.of(Message.system("Answer at length."), Message.user("Capital of France?")));

        assertThat(CacheKeys.context("", other)).isEqualTo(CacheKeys.context("", REQUEST));
        assertThat(CacheKeys.context("", otherSystem)).isNotEqualTo(CacheKeys.context("", REQUEST));
        assertThat(CacheKeys.context("", REQUEST)).isNotEqualTo(CacheKeys.exact("", REQUEST));
    }
}
