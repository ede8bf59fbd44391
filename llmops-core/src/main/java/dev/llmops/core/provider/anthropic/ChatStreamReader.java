package dev.llmops.core.provider.anthropic;

import static dev.llmops.core.internal.http.WireJson.orDefault;
import static dev.llmops.core.internal.http.WireJson.orEmpty;
import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.ChatLogging;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.SseReader;
import dev.llmops.core.internal.http.StreamEventReader;
import dev.llmops.core.internal.http.WireJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns the server-sent events of a streamed {@code /v1/messages} call into {@link StreamEvent}s:
 *
 * <ul>
 *   <li>{@code message_start}: the id, model and input usage;
 *   <li>{@code content_block_start} of a {@code tool_use} block: a {@link StreamEvent.ToolCallDelta} with the call's
 *       id and name, its index the call's position among the answer's tool calls;
 *   <li>{@code content_block_delta}: {@code text_delta} as a {@link StreamEvent.TextDelta};
 *       {@code input_json_delta} as a {@link StreamEvent.ToolCallDelta} of its block's call (blocks of parallel calls
 *       may interleave; each is assembled by its block index); for the tool carrying a structured answer, the
 *       JSON fragments are the answer's text and come as {@link StreamEvent.TextDelta}s;
 *   <li>{@code message_delta}: the stop reason and the output usage (the counts are cumulative);
 *   <li>{@code message_stop}: one {@link StreamEvent.Completed} holding the assembled response;
 *   <li>{@code ping}, {@code content_block_stop}, thinking deltas and unknown events: ignored;
 *   <li>{@code error} (e.g. {@code overloaded_error}): thrown, mapped by its type (overloaded: a retryable
 *       {@link dev.llmops.core.ProviderUnavailableException}).
 * </ul>
 *
 * <p>A stream that ends before {@code message_stop} fails with a {@link ResponseParseException} holding the raw
 * tail of what arrived; {@link #close()} cancels the HTTP call (see {@link StreamEventReader}).
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
final class ChatStreamReader extends StreamEventReader {
    private static final Logger LOG = LoggerFactory.getLogger(ChatStreamReader.class);

    private final AnthropicEndpoint endpoint;
    private final SseReader sse;
    private final String requestedModel;
    private final String answerTool;

    private final StringBuilder text = new StringBuilder();
    /** Tool calls (other than the answer tool) in the order their blocks started. */
    private final List<PartialToolCall> toolCalls = new ArrayList<>();
    /** Tool-use blocks by their content block index. */
    private final Map<Integer, PartialToolCall> toolBlocks = new HashMap<>();
    private String id;
    private String model;
    private String stopReason;
    private long inputTokens;
    private long outputTokens;
    private long cacheCreationTokens;
    private long cacheReadTokens;

    ChatStreamReader(AnthropicEndpoint endpoint, ProviderHttp.Opened opened, String requestedModel, String answerTool) {
        super(endpoint.http(), opened);
        this.endpoint = endpoint;
        this.sse = new SseReader(source());
        this.requestedModel = requestedModel;
        this.answerTool = answerTool;
    }

    @Override
    protected void readMore() {
        if (!advance(sse::next)) {
            throw endedEarly("before message_stop", sse.rawLength(), sse.rawTail());
        }
        if (sse.dataLength() == 0) {
            return;
        }
        String eventName = sse.event();
        BlockDelta delta = eventName.equals(BlockDelta.EVENT) || eventName.equals("message")
                ? BlockDelta.parse(sse.dataBytes(), 0, sse.dataLength(), eventName) : null;
        if (delta != null) {
            blockDelta(delta);
        } else {
            onEvent(eventName, sse.data());
        }
    }

    /** The slow path for events other than text and tool-input deltas, and for odd shapes of those. */
    private void onEvent(String eventName, String data) {
        JsonNode event = WireJson.parseObject(endpoint.provider(), status(), data, "stream event");
        String type = orDefault(text(event, "type"), eventName);
        switch (type) {
            case "message_start" -> messageStart(event.path("message"));
            case "content_block_start" -> blockStart(event.path("index").asInt(-1), event.path("content_block"));
            case BlockDelta.EVENT -> blockDelta(BlockDelta.of(event));
            case "message_delta" -> messageDelta(event);
            case "message_stop" -> complete(assemble());
            case "error" -> throw endpoint.errors().streamError(status(), event);
            default -> {
                // ping, content_block_stop, and event types added later: nothing to read
            }
        }
    }

    private void messageStart(JsonNode message) {
        id = text(message, "id");
        String m = text(message, "model");
        model = m == null || m.isEmpty() ? null : m;
        readUsage(message.get("usage"));
    }

    private void blockStart(int index, JsonNode block) {
        if (!"tool_use".equals(text(block, "type"))) {
            return;
        }
        PartialToolCall partial = new PartialToolCall(text(block, "id"), text(block, "name"));
        toolBlocks.put(index, partial);
        if (partial.isAnswer()) {
            return;
        }
        partial.position = toolCalls.size();
        toolCalls.add(partial);
        emit(new StreamEvent.ToolCallDelta(partial.position, partial.id, partial.name, ""));
    }

    private void blockDelta(BlockDelta delta) {
        int index = delta.index();
        switch (orEmpty(delta.type())) {
            case "text_delta" -> {
                String piece = orEmpty(delta.text());
                if (!piece.isEmpty()) {
                    text.append(piece);
                    emit(new StreamEvent.TextDelta(piece));
                }
            }
            case "input_json_delta" -> {
                PartialToolCall partial = toolBlocks.get(index);
                if (partial == null) {
                    throw new ResponseParseException(endpoint.provider(), status(), endpoint.provider()
                            + " stream sent input_json_delta for content block " + index + ", which did not start as tool_use",
                            sse.rawTail(), null);
                }
                String piece = orEmpty(delta.partialJson());
                partial.input.append(piece);
                if (partial.isAnswer()) {
                    if (!piece.isEmpty()) {
                        emit(new StreamEvent.TextDelta(piece));
                    }
                } else {
                    emit(new StreamEvent.ToolCallDelta(partial.position, null, null, piece));
                }
            }
            default -> {
                // thinking_delta, signature_delta, citations_delta: not part of the answer's text or tool calls
            }
        }
    }

    private void messageDelta(JsonNode event) {
        String reason = text(event.path("delta"), "stop_reason");
        if (reason != null) {
            stopReason = reason;
        }
        readUsage(event.get("usage"));
    }

    /** Takes the counts a usage object holds; message_delta's counts are cumulative, so later ones replace earlier. */
    private void readUsage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        if (usage.has("input_tokens")) {
            inputTokens = ChatResponseReader.count(usage, "input_tokens");
        }
        if (usage.has("output_tokens")) {
            outputTokens = ChatResponseReader.count(usage, "output_tokens");
        }
        if (usage.has("cache_creation_input_tokens")) {
            cacheCreationTokens = ChatResponseReader.count(usage, "cache_creation_input_tokens");
        }
        if (usage.has("cache_read_input_tokens")) {
            cacheReadTokens = ChatResponseReader.count(usage, "cache_read_input_tokens");
        }
    }

    private ChatResponse assemble() {
        List<ToolCall> calls = new ArrayList<>(toolBlocks.size());
        PartialToolCall answer = null;
        for (PartialToolCall partial : toolBlocks.values()) {
            if (partial.isAnswer()) {
                answer = partial;
            }
        }
        for (PartialToolCall partial : toolCalls) {
            if (partial.name == null || partial.name.isBlank()) {
                throw new ResponseParseException(endpoint.provider(), status(), endpoint.provider()
                        + " stream sent tool_use block " + partial.position + " without a name", sse.rawTail(), null);
            }
            calls.add(new ToolCall(orEmpty(partial.id), partial.name, partial.arguments()));
        }
        if (answer != null) {
            calls.add(new ToolCall(orEmpty(answer.id), answer.name, answer.arguments()));
        }
        String answeredBy = orDefault(model, requestedModel);
        Usage usage = ChatResponseReader.usage(inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens);
        ChatResponse done = ChatResponseReader.assemble(endpoint.provider(), status(), text.toString(), calls, stopReason,
                usage, answeredBy, Duration.between(start(), endpoint.clock().instant()), orEmpty(id), answerTool);
        ChatLogging.answered(LOG, endpoint.provider(), "stream", done);
        return done;
    }

    /** A tool call being assembled from its deltas. */
    private final class PartialToolCall {
        final String id;
        final String name;
        final StringBuilder input = new StringBuilder();
        int position;

        PartialToolCall(String id, String name) {
            this.id = id;
            this.name = name;
        }

        boolean isAnswer() {
            return answerTool != null && answerTool.equals(name);
        }

        /** The input JSON; a call streamed without input deltas had the empty object. */
        String arguments() {
            return input.isEmpty() ? "{}" : input.toString();
        }
    }
}
