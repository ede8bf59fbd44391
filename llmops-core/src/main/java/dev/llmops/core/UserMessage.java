package dev.llmops.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A user turn: text, images, or both.
 *
 * <p>Immutable and thread-safe.
 *
 * @param parts the content, in order; at least one part
 */
public record UserMessage(List<ContentPart> parts) implements Message {
    public UserMessage {
        Objects.requireNonNull(parts, "parts");
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("user message has no parts: give it text (UserMessage.of(\"...\")) or an image");
        }
    }

    /** A user turn holding only text. */
    public static UserMessage of(String text) {
        return new UserMessage(List.of(new TextPart(text)));
    }

    /** A user turn holding text followed by images. */
    public static UserMessage of(String text, ImagePart... images) {
        List<ContentPart> parts = new ArrayList<>(1 + images.length);
        parts.add(new TextPart(text));
        parts.addAll(List.of(images));
        return new UserMessage(parts);
    }

    /** The text parts joined by newlines; empty when the turn holds only images. */
    public String text() {
        if (parts.size() == 1 && parts.get(0) instanceof TextPart t) {
            return t.text();
        }
        return parts.stream()
                .filter(TextPart.class::isInstance)
                .map(p -> ((TextPart) p).text())
                .collect(Collectors.joining("\n"));
    }

    /** Whether any part is an image. */
    public boolean hasImages() {
        return parts.stream().anyMatch(ImagePart.class::isInstance);
    }
}
