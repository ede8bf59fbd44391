package dev.llmops.core.provider.anthropic;

import static dev.llmops.core.provider.anthropic.MockAnthropic.message;
import static dev.llmops.core.provider.anthropic.MockAnthropic.toolUseBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatRequest;
import dev.llmops.core.JsonSchemas;
import dev.llmops.core.StructuredOutput;
import dev.llmops.core.StructuredOutputException;
import dev.llmops.core.StructuredResponse;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** {@code model.chat(request, SomeRecord.class)} end to end: the schema goes out as a forced tool, its input comes back as the value. */
class AnthropicChatModelStructuredTest {
    record Verdict(boolean spam, @NotBlank String reason) {
    }

    record Invoice(String number, List<Line> lines) {
        record Line(String item, int quantity) {
        }
    }

    @RegisterExtension
    final MockAnthropic server = new MockAnthropic();

    @Test
    void chatWithARecordTypeForcesTheSchemaToolAndReadsItsInput() throws InterruptedException {
        server.enqueueJson(message(toolUseBlock("toolu_1", "Verdict", "{\"spam\":true,\"reason\":\"sells pills\"}"), "tool_use"));
        Verdict verdict = server.chat().build().chat(ChatRequest.of("Is this spam? BUY PILLS"), Verdict.class);
        assertThat(verdict).isEqualTo(new Verdict(true, "sells pills"));
        JsonNode body = server.takeBody();
        assertThat(body.get("tools")).hasSize(1);
        assertThat(body.get("tools").get(0).get("name").stringValue()).isEqualTo("Verdict");
        assertThat(body.get("tools").get(0).get("input_schema")).isEqualTo(Json.MAPPER.readTree(JsonSchemas.of(Verdict.class)));
        assertThat(body.get("tool_choice")).isEqualTo(Json.MAPPER.readTree("{\"type\":\"tool\",\"name\":\"Verdict\"}"));
    }

    @Test
    void nestedRecordsRoundTrip() {
        server.enqueueJson(message(toolUseBlock("toolu_1", "Invoice",
                "{\"number\":\"INV-7\",\"lines\":[{\"item\":\"pen\",\"quantity\":3},{\"item\":\"ink\",\"quantity\":1}]}"), "tool_use"));
        Invoice invoice = server.chat().build().chat(ChatRequest.of("Read this invoice."), Invoice.class);
        assertThat(invoice).isEqualTo(new Invoice("INV-7", List.of(new Invoice.Line("pen", 3), new Invoice.Line("ink", 1))));
    }

    @Test
    void anInvalidAnswerIsCorrectedOnceWithTheToolStillForced() throws InterruptedException {
        server.enqueueJson(message(toolUseBlock("toolu_1", "Verdict", "{\"spam\":true,\"reason\":\"\"}"), "tool_use"));
        server.enqueueJson(message(toolUseBlock("toolu_2", "Verdict", "{\"spam\":true,\"reason\":\"sells pills\"}"), "tool_use"));
        StructuredResponse<Verdict> response = StructuredOutput.defaults().chat(server.chat().build(), ChatRequest.of("Spam?"), Verdict.class);
        assertThat(response.value()).isEqualTo(new Verdict(true, "sells pills"));
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(response.usage()).isEqualTo(Usage.of(2 * 2095, 2 * 503));
        server.takeBody();
        JsonNode second = server.takeBody();
        JsonNode messages = second.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).get("role").stringValue()).isEqualTo("assistant");
        assertThat(messages.get(1).get("content").get(0).get("text").stringValue()).isEqualTo("{\"spam\":true,\"reason\":\"\"}");
        assertThat(messages.get(2).get("role").stringValue()).isEqualTo("user");
        assertThat(messages.get(2).get("content").get(0).get("text").stringValue()).contains("reason");
        assertThat(second.get("tool_choice").get("name").stringValue()).isEqualTo("Verdict");
    }

    @Test
    void anAnswerStillInvalidAfterTheCorrectionThrowsWithTheRawText() {
        server.enqueueJson(message(toolUseBlock("toolu_1", "Verdict", "{\"spam\":true,\"reason\":\"\"}"), "tool_use"));
        server.enqueueJson(message(toolUseBlock("toolu_2", "Verdict", "{\"spam\":true,\"reason\":\" \"}"), "tool_use"));
        assertThatThrownBy(() -> server.chat().build().chat(ChatRequest.of("Spam?"), Verdict.class))
                .isInstanceOf(StructuredOutputException.class)
                .hasMessageContaining("reason");
        assertThat(server.requestCount()).isEqualTo(2);
    }
}
