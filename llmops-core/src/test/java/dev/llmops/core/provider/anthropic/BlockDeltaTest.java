package dev.llmops.core.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.internal.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming reader of {@code content_block_delta} events must read every event it accepts exactly as the tree
 * reading does, and leave every other event and shape to the tree reading.
 */
class BlockDeltaTest {

    private static BlockDelta fast(String json, String eventName) {
        byte[] bytes = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        return BlockDelta.parse(bytes, 2, bytes.length - 4, eventName);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"loc\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"caf\u00e9 \ud83e\udd8a \\u2603\\n\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\",\"extra\":[1,{}]}}",
        "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":null}}",
        "{\"index\":2,\"type\":\"content_block_delta\",\"index\":3,\"other\":{\"a\":[1]},\"delta\":{\"text\":\"a\",\"text\":\"b\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0}"
    })
    void readsWhatTheTreeReadingReads(String json) {
        assertThat(fast(json, "content_block_delta")).isNotNull().isEqualTo(BlockDelta.of(Json.MAPPER.readTree(json)));
    }

    @Test
    void takesTheTypeFromTheEventNameWhenTheDataNamesNone() {
        String json = "{\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}";
        assertThat(fast(json, "content_block_delta")).isEqualTo(new BlockDelta(0, "text_delta", "Hi", null));
        assertThat(fast(json, "message")).isNull();
        assertThat(fast("{\"type\":\"\",\"index\":0,\"delta\":{}}", "content_block_delta")).isEqualTo(new BlockDelta(0, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}",
        "{\"type\":\"ping\"}",
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
        "{\"type\":7,\"index\":0,\"delta\":{}}",
        "{\"type\":\"content_block_delta\",\"index\":\"0\",\"delta\":{}}",
        "{\"type\":\"content_block_delta\",\"index\":0.5,\"delta\":{}}",
        "{\"type\":\"content_block_delta\",\"index\":null,\"delta\":{}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":\"text\"}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{},\"delta\":{}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":5}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"cut",
        "{\"type\":\"content_block_delta\",\"index\":0} {}",
        "[]"
    })
    void leavesOtherEventsAndShapesToTheTreeReading(String json) {
        assertThat(fast(json, "content_block_delta")).isNull();
    }
}
