package dev.llmops.core.provider.ollama;

import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.NdjsonReader;
import dev.llmops.core.internal.http.ProviderHttp;
import dev.llmops.core.internal.http.StreamEventReader;
import dev.llmops.core.internal.http.WireJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;
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
    private final Instant start;

    private final StringBuilder text = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private String model;

    OllamaStreamReader(OllamaEndpoint endpoint, ProviderHttp.Opened opened, String requestedModel) {
        super(opened.call(), opened.response());
        this.endpoint = endpoint;
        this.lines = new NdjsonReader(opened.response().body().source());
        this.requestedModel = requestedModel;
        this.start = opened.start();
    }

    @Override
    protected void readMore() {
        String provider = endpoint.provider();
        Response response = response();
        boolean more;
        try {
            more = lines.next();
        } catch (IOException e) {
            throw endpoint.http().transportFailure(call(), e);
        }
        if (!more) {
            throw new ResponseParseException(provider, response.code(), provider + " stream ended before its \"done\": true line after "
                    + lines.rawLength() + " characters: the connection was cut or the server stopped early; retry the call",
                    lines.rawTail(), null);
        }
        JsonNode line = WireJson.parseObject(provider, response.code(), lines.line(), "stream line");
        OllamaResponseReader.throwIfError(provider, response.code(), line);
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
            ToolCall toolCall = OllamaResponseReader.toolCall(provider, response.code(), node, lines.rawTail());
            emit(new StreamEvent.ToolCallDelta(toolCalls.size(), toolCall.id(), toolCall.name(), toolCall.arguments()));
            toolCalls.add(toolCall);
        }
        if (line.path("done").asBoolean(false)) {
            emit(new StreamEvent.Completed(assemble(line)));
            finish();
        }
    }

    private ChatResponse assemble(JsonNode last) {
        String answeredBy = OllamaResponseReader.orDefault(model, requestedModel);
        Usage usage = OllamaResponseReader.usage(last);
        ChatResponse done = new ChatResponse(new AssistantMessage(text.toString(), toolCalls), usage,
                OllamaResponseReader.finishReason(text(last, "done_reason"), !toolCalls.isEmpty()), answeredBy,
                endpoint.provider(), ProviderHttp.since(start, endpoint.clock()), "");
        ProviderHttp.logCompleted(LOG, "stream", done);
        return done;
    }
}
