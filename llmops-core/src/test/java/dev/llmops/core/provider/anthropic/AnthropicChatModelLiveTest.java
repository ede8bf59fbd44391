package dev.llmops.core.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Calls the real Messages API. Runs only with {@code -Dgroups=live} and {@code ANTHROPIC_API_KEY} set; the model
 * is {@code ANTHROPIC_MODEL}, default {@code claude-haiku-4-5}.
 */
@Tag("live")
@EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
class AnthropicChatModelLiveTest {
    record Capital(String country, String city) {
    }

    private static AnthropicChatModel model() {
        String model = System.getenv().getOrDefault("ANTHROPIC_MODEL", "claude-haiku-4-5");
        return AnthropicChatModel.builder().apiKey(System.getenv("ANTHROPIC_API_KEY")).model(model).defaultMaxTokens(200).build();
    }

    @Test
    void answersAndReportsUsage() {
        ChatResponse response = model().chat(ChatRequest.of("Reply with the single word: pong")
                .withOptions(ChatOptions.defaults().withTemperature(0.0)));
        assertThat(response.text().toLowerCase()).contains("pong");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.usage().outputTokens()).isPositive();
    }

    @Test
    void streamsTheSameWay() {
        ChatResponse response = model().stream(ChatRequest.of("Count from 1 to 5, digits separated by spaces.")).collect();
        assertThat(response.text()).contains("1").contains("5");
        assertThat(response.usage().outputTokens()).isPositive();
    }

    @Test
    void answersWithARecord() {
        Capital capital = model().chat(ChatRequest.of("What is the capital of France?"), Capital.class);
        assertThat(capital.city()).containsIgnoringCase("Paris");
    }
}
