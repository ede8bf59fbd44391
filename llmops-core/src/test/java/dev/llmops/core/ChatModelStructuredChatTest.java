package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatModelStructuredChatTest {

    record Verdict(boolean spam, @NotBlank String reason) {
    }

    private static ChatResponse answer(String text) {
        return new ChatResponse(AssistantMessage.of(text), Usage.of(10, 5), FinishReason.STOP, "fake-1", "fake", Duration.ZERO, "");
    }

    @Test
    void chatWithATypeReturnsTheValidatedValue() {
        List<ChatRequest> sent = new ArrayList<>();
        ChatModel model = request -> {
            sent.add(request);
            return answer("{\"spam\":true,\"reason\":\"sells pills\"}");
        };

        Verdict verdict = model.chat(ChatRequest.of("Is this spam?"), Verdict.class);

        assertThat(verdict).isEqualTo(new Verdict(true, "sells pills"));
        assertThat(sent.getFirst().options().responseFormat())
                .isEqualTo(ResponseFormat.jsonSchema("Verdict", JsonSchemas.of(Verdict.class), true));
    }

    @Test
    void chatWithATypeAsksForOneCorrectionThenThrows() {
        List<ChatRequest> sent = new ArrayList<>();
        ChatModel model = request -> {
            sent.add(request);
            return answer("{\"spam\":true,\"reason\":\"\"}");
        };

        assertThatThrownBy(() -> model.chat(ChatRequest.of("Is this spam?"), Verdict.class))
                .isInstanceOf(StructuredOutputException.class)
                .hasMessageContaining("reason: must not be blank");
        assertThat(sent).hasSize(2);
    }
}
