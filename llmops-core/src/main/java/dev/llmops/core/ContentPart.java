package dev.llmops.core;

/**
 * One part of a user turn: text or an image.
 *
 * <p>Every implementation is immutable and thread-safe.
 */
public sealed interface ContentPart permits TextPart, ImagePart {
}
