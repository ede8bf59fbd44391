package dev.llmops.core.provider.gemini;

import static dev.llmops.core.internal.http.WireJson.orEmpty;
import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a {@code GenerateContentResponse}, whole or one streamed chunk at a time: the text and
 * {@code functionCall} parts of {@code candidates[0]}, its {@code finishReason}, {@code promptFeedback} blocks,
 * {@code usageMetadata}, {@code modelVersion} and {@code responseId}.
 *
 * <p>Usage: input is {@code promptTokenCount} (which includes {@code cachedContentTokenCount}, reported as
 * the cached part); output is {@code candidatesTokenCount} plus {@code thoughtsTokenCount}, because thinking
 * tokens are generated and billed as output (the {@link Usage} contract counts reasoning tokens as output).
 * Thought-summary parts ({@code "thought": true}) are not part of the answer's text.
 *
 * <p>Thread-safe (stateless).
 */
final class GeminiResponseReader {
    /** Finish reasons meaning a filter stopped the answer. */
    private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

    private GeminiResponseReader() {
    }

    /** What one response or chunk holds. */
    record Chunk(String text, List<ToolCall> toolCalls, String finishReason, Usage usage, String model, String id) {
    }

    /**
     * The parts of one response or chunk.
     *
     * @throws ContentFilteredException when the prompt or the answer was blocked
     */
    static Chunk read(String provider, int status, JsonNode root, String raw) {
        JsonNode feedback = root.path("promptFeedback");
        String blockReason = text(feedback, "blockReason");
        if (blockReason != null) {
            throw new ContentFilteredException(provider, status, blockReason, provider + " blocked the prompt (blockReason "
                    + blockReason + categories(feedback.path("safetyRatings")) + "): rephrase the request"
                    + (text(feedback, "blockReasonMessage") != null ? "; " + text(feedback, "blockReasonMessage") : ""));
        }
        JsonNode candidate = root.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            String t = text(part, "text");
            if (t != null) {
                text.append(t);
            }
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                String name = text(call, "name");
                if (name == null || name.isBlank()) {
                    throw new ResponseParseException(provider, status, provider + " sent a functionCall without a name", raw, null);
                }
                JsonNode args = call.get("args");
                String arguments = args == null || args.isNull() ? "{}" : Json.MAPPER.writeValueAsString(args);
                calls.add(new ToolCall(ToolCallIds.encode(text(call, "id"), text(part, "thoughtSignature")), name, arguments));
            }
        }
        String finish = text(candidate, "finishReason");
        if (finish != null && FILTERED.contains(finish)) {
            throw new ContentFilteredException(provider, status, finish, provider + " stopped the answer with finishReason "
                    + finish + categories(candidate.path("safetyRatings")) + ": its filter blocked the output; rephrase the request"
                    + (text(candidate, "finishMessage") != null ? "; " + text(candidate, "finishMessage") : ""));
        }
        JsonNode usage = root.get("usageMetadata");
        return new Chunk(text.toString(), calls, finish, usage == null || !usage.isObject() ? null : usage(usage),
                emptyToNull(text(root, "modelVersion")), emptyToNull(text(root, "responseId")));
    }

    /** {@code , category HARM_CATEGORY_...} for each rating that blocked or rates MEDIUM or HIGH. */
    private static String categories(JsonNode ratings) {
        StringBuilder out = new StringBuilder();
        for (JsonNode rating : ratings) {
            String probability = orEmpty(text(rating, "probability"));
            if (rating.path("blocked").asBoolean(false) || probability.equals("HIGH") || probability.equals("MEDIUM")) {
                out.append(out.isEmpty() ? ", category " : ", ").append(text(rating, "category"))
                        .append(probability.isEmpty() ? "" : " " + probability);
            }
        }
        return out.toString();
    }

    static Usage usage(JsonNode usage) {
        long input = Math.max(0, usage.path("promptTokenCount").asLong(0));
        long output = Math.max(0, usage.path("candidatesTokenCount").asLong(0)) + Math.max(0, usage.path("thoughtsTokenCount").asLong(0));
        long cached = Math.max(0, usage.path("cachedContentTokenCount").asLong(0));
        return new Usage(input, output, Math.min(cached, input));
    }

    static FinishReason finishReason(String reason, boolean toolCalls) {
        if (reason == null) {
            return FinishReason.OTHER;
        }
        return switch (reason) {
            case "STOP" -> toolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            default -> FinishReason.OTHER;
        };
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
