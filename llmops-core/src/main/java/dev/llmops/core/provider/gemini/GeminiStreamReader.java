package dev.llmops.core.provider.gemini;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.ChatLogging;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.SseReader;
import dev.llmops.core.internal.http.StreamEventReader;
import dev.llmops.core.internal.http.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns the server-sent events of {@code streamGenerateContent?alt=sse} into {@link StreamEvent}s. Each event
 * is a whole {@code GenerateContentResponse}: its text parts become {@link StreamEvent.TextDelta}s and each
 * {@code functionCall} part one {@link StreamEvent.ToolCallDelta} carrying the whole call (parallel calls get
 * consecutive indexes). Gemini sends no end marker: the stream is complete when it ends after a chunk that
 * carried a {@code finishReason}, and the last {@code usageMetadata} seen is the call's usage.
 *
 * <p>A stream that ends without a {@code finishReason} fails with a {@link ResponseParseException} holding the
 * raw tail; an {@code error} object in the stream fails as the same status would; a safety block fails with a
 * {@link dev.llmops.core.ContentFilteredException}. {@link #close()} cancels the HTTP call.
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
final class GeminiStreamReader extends StreamEventReader {
    private static final Logger LOG = LoggerFactory.getLogger(GeminiStreamReader.class);

    private final GeminiEndpoint endpoint;
    private final SseReader sse;
    private final String requestedModel;

    private final StringBuilder text = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private String model;
    private String id;
    private String finishReason;
    private Usage usage = Usage.ZERO;

    GeminiStreamReader(GeminiEndpoint endpoint, ProviderHttp.Opened opened, String requestedModel) {
        super(endpoint.http(), opened);
        this.endpoint = endpoint;
        this.sse = new SseReader(source());
        this.requestedModel = requestedModel;
    }

    @Override
    protected void readMore() {
        String provider = endpoint.provider();
        if (!advance(sse::next)) {
            if (finishReason == null) {
                throw endedEarly("without a finishReason", sse.rawLength(), sse.rawTail());
            }
            complete(assemble());
            return;
        }
        String data = sse.data();
        if (data.isBlank()) {
            return;
        }
        JsonNode root = WireJson.parseObject(provider, status(), data, "stream chunk");
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            throw endpoint.errors().mapStreamError(error);
        }
        GeminiResponseReader.Chunk chunk = GeminiResponseReader.read(provider, status(), root, data);
        if (!chunk.text().isEmpty()) {
            text.append(chunk.text());
            emit(new StreamEvent.TextDelta(chunk.text()));
        }
        for (ToolCall toolCall : chunk.toolCalls()) {
            emit(new StreamEvent.ToolCallDelta(toolCalls.size(), toolCall.id(), toolCall.name(), toolCall.arguments()));
            toolCalls.add(toolCall);
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (model == null) {
            model = chunk.model();
        }
        if (id == null) {
            id = chunk.id();
        }
    }

    private ChatResponse assemble() {
        String answeredBy = model != null ? model : requestedModel;
        ChatResponse done = new ChatResponse(new AssistantMessage(text.toString(), toolCalls), usage,
                GeminiResponseReader.finishReason(finishReason, !toolCalls.isEmpty()), answeredBy, endpoint.provider(),
                ProviderHttp.since(start(), endpoint.clock()), id != null ? id : "");
        ChatLogging.answered(LOG, done.provider(), "stream", done);
        return done;
    }
}
