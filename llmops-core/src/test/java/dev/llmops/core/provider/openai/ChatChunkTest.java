package dev.llmops.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming chunk parser must read every chunk it accepts exactly as the tree reading does, and leave every
 * shape it cannot read exactly to the tree reading.
 */
class ChatChunkTest {

    private static ChatChunk fast(String json) {
        byte[] bytes = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        return ChatChunk.parse(bytes, 2, bytes.length - 4, true, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\","
                + "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\u00e9 \u2603 \ud83e\udd8a \\u00e9\\n\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\",\"refusal\":\"I can't\"}}]}",
        "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other\"}},{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"no index\"},\"index\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}},{\"id\":null,\"function\":{\"arguments\":\"{\\\"a\\\"\"}},"
                + "{\"index\":{\"odd\":[1,2]},\"function\":null},{\"index\":3,\"function\":\"text\"}]}}]}",
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,\"total_tokens\":29,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":25,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}",
        "{\"usage\":{\"prompt_tokens\":-4,\"completion_tokens\":2},\"usage\":null,\"choices\":null}",
        "{\"usage\":{\"prompt_tokens\":7},\"id\":\"a\",\"id\":\"b\",\"model\":\"\",\"error\":null,\"extra\":{\"nested\":[{\"x\":1}]}}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\",\"content\":\"b\",\"tool_calls\":\"none\"},\"finish_reason\":\"length\"}]}",
        "{}",
        "{\"usage\":{\"prompt_tokens\":\"12\"}}",
        "{\"usage\":{\"prompt_tokens\":null,\"prompt_tokens_details\":7}}"
    })
    void readsWhatTheTreeReadingReads(String json) {
        ChatChunk expected = ChatChunk.of(Json.MAPPER.readTree(json));
        assertThat(fast(json)).isNotNull().isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"error\":{\"message\":\"overloaded\",\"code\":\"server_error\"}}",
        "{\"error\":\"boom\"}",
        "{\"id\":42}",
        "{\"model\":{\"name\":\"x\"}}",
        "{\"choices\":{\"0\":{\"delta\":{\"content\":\"x\"}}}}",
        "{\"choices\":[\"x\"]}",
        "{\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":\"x\"}}]}",
        "{\"choices\":[{\"index\":0.0,\"delta\":{\"content\":\"x\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":null}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"delta\":{\"content\":\"b\"}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":5}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1.5}]}}]}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":{\"a\":1}}}]}}]}",
        "{\"usage\":{\"prompt_tokens\":99999999999999999999999}}",
        "{\"id\":\"a\"} {\"id\":\"b\"}",
        "{\"id\":\"a\"",
        "[1]",
        "  "
    })
    void leavesOtherShapesToTheTreeReading(String json) {
        assertThat(fast(json)).isNull();
    }

    @org.junit.jupiter.api.Test
    void readsTheFieldsItNeeds() {
        ChatChunk chunk = fast("{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\","
                + "\"tool_calls\":[{\"index\":2,\"id\":\"call_9\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}");
        assertThat(chunk).isEqualTo(new ChatChunk("c1", "m", new Usage(10, 3, 4), List.of(new ChatChunk.Choice(0, "Hi", null,
                List.of(new ChatChunk.ToolCallDelta(2, "call_9", "f", "{}")), "tool_calls"))));
    }

    @org.junit.jupiter.api.Test
    void skipsTheIdAndModelItIsNotAskedFor() {
        String json = "{\"id\":{\"odd\":1},\"model\":7,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(ChatChunk.parse(bytes, 0, bytes.length, false, false)).isEqualTo(new ChatChunk(null, null, null,
                List.of(new ChatChunk.Choice(0, "Hi", null, List.of(), null))));
        assertThat(ChatChunk.parse(bytes, 0, bytes.length, true, false)).isNull();
        assertThat(ChatChunk.parse(bytes, 0, bytes.length, false, true)).isNull();
    }
}
