package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolSpecFromRecordTest {

    record Weather(@JsonPropertyDescription("city name") String city, Optional<LocalDate> date) {
    }

    record Untyped(Map<String, String> arguments) {
    }

    @Test
    void toolArgumentsSchemaIsDerivedFromTheRecord() {
        ToolSpec tool = ToolSpec.of("weather", "Gets the forecast for a city", Weather.class);

        assertThat(tool.name()).isEqualTo("weather");
        assertThat(tool.description()).isEqualTo("Gets the forecast for a city");
        assertThat(tool.parametersSchema()).isEqualTo(JsonSchemas.of(Weather.class))
                .contains("\"city\":{\"type\":\"string\",\"description\":\"city name\"}");
    }

    @Test
    void recordThatCannotBeDescribedIsRejectedNamingTheComponent() {
        assertThatThrownBy(() -> ToolSpec.of("raw", "Takes anything", Untyped.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Untyped.arguments");
    }
}
