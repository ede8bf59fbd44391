package dev.llmops.prompts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.JsonSchemas;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
    record Item(String name, int quantity) {
    }

    record Order(String customer, List<Item> items, Optional<String> note) {
    }

    @Test
    void acceptsValidJsonForADerivedSchema() {
        String schema = JsonSchemas.of(Order.class);
        assertThat(SchemaCheck.check(schema, "{\"customer\":\"a\",\"items\":[{\"name\":\"x\",\"quantity\":2}],\"note\":null}")).isEmpty();
    }

    @Test
    void reportsNestedViolations() {
        String schema = JsonSchemas.of(Order.class);
        assertThat(SchemaCheck.check(schema, "{\"customer\":\"a\",\"items\":[{\"name\":\"x\",\"quantity\":2.5}]}"))
                .containsExactly("$: missing required property 'note'", "$.items[0].quantity: expected \"integer\", got a number (2.5)");
    }

    @Test
    void textThatIsNotJsonIsOneViolation() {
        assertThat(SchemaCheck.check("{\"type\":\"object\"}", "Sure! Here it is")).singleElement()
                .asString().startsWith("the answer is not JSON");
    }

    @Test
    void enumsPatternsAndCombinators() {
        String schema = "{\"anyOf\":[{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"},{\"enum\":[1,2]}]}";
        assertThat(SchemaCheck.check(schema, "\"abc\"")).isEmpty();
        assertThat(SchemaCheck.check(schema, "2.0")).isEmpty();
        assertThat(SchemaCheck.check(schema, "\"ABC\"")).containsExactly("$: matches 0 of the anyOf schemas");
    }
}
