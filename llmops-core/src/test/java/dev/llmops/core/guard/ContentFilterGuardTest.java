package dev.llmops.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.testing.ScriptedChatModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentFilterGuardTest {

    private static ChatModel guarded(ScriptedChatModel model) {
        return ChatPipeline.builder(model).interceptor(ContentFilterGuard.create()).build();
    }

    @Test
    void turnsAContentFilteredAnswerIntoAnException() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("partial").withFinishReason(FinishReason.CONTENT_FILTER)
                .build();

        assertThatThrownBy(() -> guarded(model).chat("bad"))
                .isInstanceOfSatisfying(ContentFilteredException.class, e -> {
                    assertThat(e.provider()).isEqualTo("scripted");
                    assertThat(e.errorCode()).contains(ContentFilterGuard.ERROR_CODE);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e).hasMessageContaining("content filter");
                });
    }

    @Test
    void passesOtherAnswersUnchanged() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("fine").withFinishReason(FinishReason.LENGTH).build();

        assertThat(guarded(model).chat("ok").finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void throwsFromAStreamInsteadOfCompleting() {
        ScriptedChatModel model = ScriptedChatModel.builder().streamReply("par", "tial")
                .withFinishReason(FinishReason.CONTENT_FILTER).build();
        List<String> deltas = new ArrayList<>();

        try (ChatStream stream = guarded(model).stream(ChatRequest.of("bad"))) {
            assertThatThrownBy(() -> stream.collect(event -> {
                if (event instanceof StreamEvent.TextDelta delta) {
                    deltas.add(delta.text());
                }
            })).isInstanceOf(ContentFilteredException.class);
        }
        assertThat(deltas).containsExactly("par", "tial");
    }

    @Test
    void completesAStreamThatWasNotFiltered() {
        ScriptedChatModel model = ScriptedChatModel.builder().streamReply("a", "b").build();

        assertThat(guarded(model).stream(ChatRequest.of("ok")).collect().text()).isEqualTo("ab");
    }
}
