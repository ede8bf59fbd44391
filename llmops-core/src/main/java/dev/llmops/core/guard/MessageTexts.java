package dev.llmops.core.guard;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ContentPart;
import dev.llmops.core.Message;
import dev.llmops.core.SystemMessage;
import dev.llmops.core.TextPart;
import dev.llmops.core.ToolCall;
import dev.llmops.core.ToolResultMessage;
import dev.llmops.core.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every text a message carries: system text, user text parts, assistant text and tool-call arguments, tool
 * results. Images are not text.
 *
 * <p>Immutable and thread-safe (stateless).
 */
final class MessageTexts {
    private MessageTexts() {
    }

    /** {@code message} with each of its texts replaced by {@code f} of it. */
    static Message map(Message message, UnaryOperator<String> f) {
        return switch (message) {
            case SystemMessage s -> new SystemMessage(f.apply(s.text()));
            case UserMessage u -> {
                List<ContentPart> parts = new ArrayList<>(u.parts().size());
                for (ContentPart part : u.parts()) {
                    parts.add(part instanceof TextPart t ? new TextPart(f.apply(t.text())) : part);
                }
                yield new UserMessage(parts);
            }
            case AssistantMessage a -> map(a, f);
            case ToolResultMessage t -> new ToolResultMessage(t.toolCallId(), t.toolName(), f.apply(t.content()));
        };
    }

    /** {@code message} with its text and each tool call's arguments replaced by {@code f} of them. */
    static AssistantMessage map(AssistantMessage message, UnaryOperator<String> f) {
        List<ToolCall> calls = new ArrayList<>(message.toolCalls().size());
        for (ToolCall call : message.toolCalls()) {
            calls.add(new ToolCall(call.id(), call.name(), f.apply(call.arguments())));
        }
        return new AssistantMessage(f.apply(message.text()), calls);
    }

}
