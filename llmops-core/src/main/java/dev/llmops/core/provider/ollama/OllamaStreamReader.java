package dev.llmops.core.provider.ollama;

import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.NdjsonReader;
import dev.llmops.core.internal.http.ChatLogging;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.StreamEventReader;
import dev.llmops.core.internal.http.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns the NDJSON lines of a streamed {@code /api/chat} call into {@link StreamEvent}s: a
 * {@link StreamEvent.TextDelta} per content fragment, one {@link StreamEvent.ToolCallDelta} per tool call
 * (Ollama sends each call whole, with its arguments as an object), and, at the line with
 * {@code "done": true}, one {@link StreamEvent.Completed} holding the assembled response with that line's
 * usage and {@code done_reason}.
 *
 * <p>A stream that ends before the {@code done} line fails with a {@link ResponseParseException} holding the
 * raw tail; a line holding {@code {"error":"..."}} fails with a retryable
 * {@link dev.llmops.core.ProviderUnavailableException}. {@link #close()} cancels the HTTP call.
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
final class OllamaStreamReader extends StreamEventReader {
    private static final Logger LOG = LoggerFactory.getLogger(OllamaStreamReader.class);

    private final OllamaEndpoint endpoint;
    private final NdjsonReader lines;
    private final String requestedModel;

    private final StringBuilder text = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private String model;

    OllamaStreamReader(OllamaEndpoint endpoint, ProviderHttp.Opened opened, String requestedModel) {
        super(endpoint.http(), opened);
        this.endpoint = endpoint;
        this.lines = new NdjsonReader(source());
        this.requestedModel = requestedModel;
    }

    @Override
    protected void readMore() {
        String provider = endpoint.provider();
        if (!advance(lines::next)) {
            throw endedEarly("before its \"done\": true line", lines.rawLength(), lines.rawTail());
        }
        JsonNode line = WireJson.parseObject(provider, status(), lines.line(), "stream line");
        OllamaResponseReader.throwIfError(provider, status(), line);
        if (model == null) {
            String m = text(line, "model");
            model = m == null || m.isEmpty() ? null : m;
        }
        JsonNode message = line.path("message");
        String content = text(message, "content");
        if (content != null && !content.isEmpty()) {
            text.append(content);
            emit(new StreamEvent.TextDelta(content));
        }
        for (JsonNode node : message.path("tool_calls")) {
            ToolCall toolCall = OllamaResponseReader.toolCall(provider, status(), node, lines.rawTail());
            emit(new StreamEvent.ToolCallDelta(toolCalls.size(), toolCall.id(), toolCall.name(), toolCall.arguments()));
            toolCalls.add(toolCall);
        }
        if (line.path("done").asBoolean(false)) {
            complete(assemble(line));
        }
    }

    private ChatResponse assemble(JsonNode last) {
        String answeredBy = OllamaResponseReader.orDefault(model, requestedModel);
        Usage usage = OllamaResponseReader.usage(last);
        ChatResponse done = new ChatResponse(new AssistantMessage(text.toString(), toolCalls), usage,
                OllamaResponseReader.finishReason(text(last, "done_reason"), !toolCalls.isEmpty()), answeredBy,
                endpoint.provider(), ProviderHttp.since(start(), endpoint.clock()), "");
        ChatLogging.answered(LOG, done.provider(), "stream", done);
        return done;
    }
}
