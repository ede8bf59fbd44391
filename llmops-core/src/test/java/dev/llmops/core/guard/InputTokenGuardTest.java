package dev.llmops.core.guard;

import dev.llmops.core.TokenEstimator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.Message;
import dev.llmops.core.testing.ScriptedChatModel;
import org.junit.jupiter.api.Test;

class InputTokenGuardTest {
    private final ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();

    private ChatModel guarded(InputTokenGuard guard) {
        return ChatPipeline.builder(model).interceptor(guard).build();
    }

    @Test
    void refusesAnOverLimitRequestBeforeTheModelSeesIt() {
        ChatRequest request = ChatRequest.of("x".repeat(41)).withOptions(ChatOptions.of("gpt-4o-mini"));

        assertThatThrownBy(() -> guarded(InputTokenGuard.of(10)).chat(request))
                .isInstanceOfSatisfying(InputTooLargeException.class, e -> {
                    assertThat(e.estimatedTokens()).isEqualTo(11);
                    assertThat(e.limit()).isEqualTo(10);
                    assertThat(e).hasMessageContaining("gpt-4o-mini").hasMessageContaining("11")
                            .hasMessageContaining("limit of 10");
                });
        assertThat(model.callCount()).isZero();
    }

    @Test
    void refusesAnOverLimitStreamBeforeTheModelSeesIt() {
        assertThatThrownBy(() -> guarded(InputTokenGuard.of(10)).stream(ChatRequest.of("x".repeat(41))))
                .isInstanceOf(InputTooLargeException.class);
        assertThat(model.callCount()).isZero();
    }

    @Test
    void letsARequestAtTheLimitThrough() {
        assertThat(guarded(InputTokenGuard.of(10)).chat(ChatRequest.of("x".repeat(40))).text()).isEqualTo("ok");
        assertThat(model.callCount()).isOne();
    }

    @Test
    void countsEveryMessage() {
        ChatRequest request = ChatRequest.of(Message.system("s".repeat(20)), Message.user("u".repeat(21)));

        assertThat(TokenEstimator.defaults().inputTokens(request)).isEqualTo(11);
    }

    @Test
    void usesAPluggedEstimator() {
        InputTokenGuard guard = InputTokenGuard.of(100).withEstimator(request -> 101);

        assertThatThrownBy(() -> guarded(guard).chat("short")).isInstanceOf(InputTooLargeException.class)
                .hasMessageContaining("101");
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> InputTokenGuard.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxInputTokens 0");
    }
}
