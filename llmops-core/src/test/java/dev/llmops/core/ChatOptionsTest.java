package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatOptionsTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{}}";

    @Test
    void blankModelIsRejectedNamingTheFix() {
        assertThatThrownBy(() -> ChatOptions.of(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model is blank");
    }

    @Test
    void nullModelInOfIsRejected() {
        assertThatThrownBy(() -> ChatOptions.of(null)).isInstanceOf(NullPointerException.class).hasMessage("model");
    }

    @Test
    void negativeOrZeroMaxTokensIsRejected() {
        assertThatThrownBy(() -> ChatOptions.defaults().withMaxTokens(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTokens -1 is not positive");
        assertThatThrownBy(() -> ChatOptions.defaults().withMaxTokens(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void temperatureOutsideZeroToTwoIsRejected() {
        assertThatThrownBy(() -> ChatOptions.defaults().withTemperature(2.5))
                .hasMessageContaining("temperature 2.5 is outside [0, 2]");
        assertThatThrownBy(() -> ChatOptions.defaults().withTemperature(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topPOutsideItsRangeIsRejected() {
        assertThatThrownBy(() -> ChatOptions.defaults().withTopP(0.0)).hasMessageContaining("topP 0.0");
        assertThatThrownBy(() -> ChatOptions.defaults().withTopP(1.01)).hasMessageContaining("topP 1.01");
    }

    @Test
    void emptyStopSequenceIsRejected() {
        assertThatThrownBy(() -> ChatOptions.defaults().withStop(List.of("END", "")))
                .hasMessageContaining("stop sequence is empty");
    }

    @Test
    void duplicateToolNamesAreRejected() {
        ToolSpec tool = ToolSpec.of("lookup", "looks up", SCHEMA);
        assertThatThrownBy(() -> ChatOptions.defaults().withTools(List.of(tool, tool)))
                .hasMessageContaining("tool 'lookup' is offered twice");
    }

    @Test
    void toolChoiceMustNameAnOfferedTool() {
        ChatOptions withTool = ChatOptions.defaults().withTools(List.of(ToolSpec.of("lookup", "looks up", SCHEMA)));
        assertThatThrownBy(() -> withTool.withToolChoice(ToolChoice.tool("search")))
                .hasMessageContaining("names tool 'search', which is not among the offered tools [lookup]");
        assertThat(withTool.withToolChoice(ToolChoice.tool("lookup")).toolChoice()).isEqualTo(ToolChoice.tool("lookup"));
    }

    @Test
    void requiredToolChoiceWithoutToolsIsRejected() {
        assertThatThrownBy(() -> ChatOptions.defaults().withToolChoice(ToolChoice.REQUIRED))
                .hasMessageContaining("requires tools");
    }

    @Test
    void listsAndMetadataAreCopiedDefensively() {
        var stop = new java.util.ArrayList<>(List.of("END"));
        ChatOptions options = ChatOptions.defaults().withStop(stop);
        stop.add("MORE");
        assertThat(options.stop()).containsExactly("END");
        assertThatThrownBy(() -> options.stop().add("X")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withDefaultsFillsOnlyUnsetValues() {
        ChatOptions defaults = ChatOptions.of("default-model").withTemperature(0.7).withMaxTokens(100)
                .withStop(List.of("END")).withMetadata(Map.of("team", "search", "env", "prod"));
        ChatOptions request = ChatOptions.defaults().withTemperature(0.0).withMetadata(Map.of("env", "test"));

        ChatOptions merged = request.withDefaults(defaults);

        assertThat(merged.model()).isEqualTo("default-model");
        assertThat(merged.temperature()).isEqualTo(0.0);
        assertThat(merged.maxTokens()).isEqualTo(100);
        assertThat(merged.stop()).containsExactly("END");
        assertThat(merged.metadata()).containsOnly(Map.entry("team", "search"), Map.entry("env", "test"));
    }

    @Test
    void withDefaultsOfNothingReturnsTheSameOptions() {
        ChatOptions options = ChatOptions.of("m").withSeed(7L);
        assertThat(options.withDefaults(ChatOptions.defaults())).isSameAs(options);
    }

    @Test
    void deterministicMeansTemperatureZeroOrASeed() {
        assertThat(ChatOptions.defaults().isDeterministic()).isFalse();
        assertThat(ChatOptions.defaults().withTemperature(0.0).isDeterministic()).isTrue();
        assertThat(ChatOptions.defaults().withTemperature(0.3).isDeterministic()).isFalse();
        assertThat(ChatOptions.defaults().withSeed(1L).isDeterministic()).isTrue();
    }

    @Test
    void withMetadataEntryAddsOrReplaces() {
        ChatOptions options = ChatOptions.defaults()
                .withMetadata(ChatOptions.PROMPT_NAME, "greeting")
                .withMetadata(ChatOptions.PROMPT_VERSION, "1")
                .withMetadata(ChatOptions.PROMPT_VERSION, "2");
        assertThat(options.metadata()).containsOnly(
                Map.entry("prompt.name", "greeting"), Map.entry("prompt.version", "2"));
    }

    @Test
    void invalidSchemaTextIsRejected() {
        assertThatThrownBy(() -> ResponseFormat.jsonSchema("answer", "[1,2]", true))
                .hasMessageContaining("schema 'answer' is not a JSON object");
        assertThatThrownBy(() -> ResponseFormat.jsonSchema("bad name", SCHEMA, true))
                .hasMessageContaining("schema name 'bad name' is invalid");
    }

    @Test
    void invalidToolNameAndSchemaAreRejected() {
        assertThatThrownBy(() -> ToolSpec.of("get weather", "d", SCHEMA)).hasMessageContaining("tool name 'get weather' is invalid");
        assertThatThrownBy(() -> ToolSpec.of("weather", "d", "not json")).hasMessageContaining("is not a JSON object");
    }
}
