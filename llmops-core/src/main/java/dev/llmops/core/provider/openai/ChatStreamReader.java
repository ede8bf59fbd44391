package dev.llmops.core.provider.openai;

import static dev.llmops.core.internal.http.WireJson.orDefault;
import static dev.llmops.core.internal.http.WireJson.orEmpty;
import static dev.llmops.core.internal.http.WireJson.text;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.ResponseParseException;
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
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns the server-sent events of a streamed {@code chat/completions} call into {@link StreamEvent}s: a
 * {@link StreamEvent.TextDelta} per content fragment, a {@link StreamEvent.ToolCallDelta} per tool-call
 * fragment (parallel calls told apart by their {@code index}), and, at {@code data: [DONE]}, one
 * {@link StreamEvent.Completed} holding the response assembled from every chunk, with the usage of the
 * final usage chunk ({@code stream_options.include_usage}). Each chunk is read by {@link ChatChunk} straight from
 * the UTF-8 bytes of its {@code data:} line, without a JSON tree; a chunk it leaves to the tree reading
 * (an {@code error} member, invalid JSON, an odd shape) is read as before.
 *
 * <p>A stream that ends before {@code [DONE]} fails with a {@link ResponseParseException} holding the raw
 * tail of what arrived. {@link #close()} cancels the HTTP call; the blocked read then fails, and the
 * {@link dev.llmops.core.ChatStream} wrapping this reader turns that into a
 * {@link dev.llmops.core.StreamCancelledException}.
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
final class ChatStreamReader extends StreamEventReader {
    private static final Logger LOG = LoggerFactory.getLogger(ChatStreamReader.class);

    private final OpenAiEndpoint endpoint;
    private final SseReader sse;
    private final String requestedModel;

    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, PartialToolCall> toolCalls = new TreeMap<>();
    private String id;
    private String model;
    private String finishReason;
    private Usage usage = Usage.ZERO;

    ChatStreamReader(OpenAiEndpoint endpoint, ProviderHttp.Opened opened, String requestedModel) {
        super(endpoint.http(), opened);
        this.endpoint = endpoint;
        this.sse = new SseReader(source());
        this.requestedModel = requestedModel;
    }

    @Override
    protected void readMore() {
        if (!advance(sse::next)) {
            throw endedEarly("before data: [DONE]", sse.rawLength(), sse.rawTail());
        }
        if (sse.dataEquals("[DONE]")) {
            complete(assemble());
            return;
        }
        if (sse.dataLength() == 0) {
            return;
        }
        ChatChunk chunk = ChatChunk.parse(sse.dataBytes(), 0, sse.dataLength(), id == null, model == null);
        apply(chunk != null ? chunk : readTree(sse.data()));
    }

    /** The slow path for what {@link ChatChunk#parse} leaves to the tree: errors, odd shapes, invalid JSON. */
    private ChatChunk readTree(String data) {
        JsonNode chunk = WireJson.parseObject(endpoint.provider(), status(), data, "stream chunk");
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            String message = error.isObject() ? orEmpty(text(error, "message")) : error.toString();
            throw new ProviderUnavailableException(endpoint.provider(), status(),
                    error.isObject() ? text(error, "code") : null, null, endpoint.provider() + " sent an error in the stream: "
                    + endpoint.errors().scrub(message) + "; retry the call", null);
        }
        return ChatChunk.of(chunk);
    }

    private void apply(ChatChunk chunk) {
        if (id == null) {
            id = chunk.id();
        }
        if (model == null) {
            String m = chunk.model();
            model = m == null || m.isEmpty() ? null : m;
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        for (ChatChunk.Choice choice : chunk.choices()) {
            if (choice.index() != 0) {
                continue;
            }
            String content = choice.content();
            if (content == null || content.isEmpty()) {
                content = choice.refusal();
            }
            if (content != null && !content.isEmpty()) {
                text.append(content);
                emit(new StreamEvent.TextDelta(content));
            }
            int position = 0;
            for (ChatChunk.ToolCallDelta call : choice.toolCalls()) {
                readToolCallDelta(call, position++);
            }
            if (choice.finishReason() != null) {
                finishReason = choice.finishReason();
            }
        }
    }

    private void readToolCallDelta(ChatChunk.ToolCallDelta call, int position) {
        int index = call.index() != null ? call.index() : position;
        String callId = call.id();
        String name = call.name();
        String arguments = orEmpty(call.arguments());
        PartialToolCall partial = toolCalls.computeIfAbsent(index, i -> new PartialToolCall());
        if (callId != null && partial.id == null) {
            partial.id = callId;
        }
        if (name != null && partial.name == null) {
            partial.name = name;
        }
        partial.arguments.append(arguments);
        emit(new StreamEvent.ToolCallDelta(index, callId, name, arguments));
    }

    private ChatResponse assemble() {
        List<ToolCall> calls = new ArrayList<>(toolCalls.size());
        for (Map.Entry<Integer, PartialToolCall> entry : toolCalls.entrySet()) {
            PartialToolCall partial = entry.getValue();
            if (partial.name == null || partial.name.isBlank()) {
                throw new ResponseParseException(endpoint.provider(), status(), endpoint.provider()
                        + " stream sent tool call " + entry.getKey() + " without a function name", sse.rawTail(), null);
            }
            calls.add(new ToolCall(orEmpty(partial.id), partial.name, partial.arguments.toString()));
        }
        String answeredBy = orDefault(model, requestedModel);
        FinishReason reason = ChatResponseReader.finishReason(finishReason);
        if (reason == FinishReason.CONTENT_FILTER) {
            throw ChatResponseReader.contentFiltered(endpoint.provider(), status(), answeredBy);
        }
        ChatResponse done = new ChatResponse(new AssistantMessage(text.toString(), calls), usage, reason, answeredBy,
                endpoint.provider(), ProviderHttp.since(start(), endpoint.clock()), orEmpty(id));
        ChatLogging.answered(LOG, endpoint.provider(), "stream", done);
        return done;
    }

    /** A tool call being assembled from its deltas. */
    private static final class PartialToolCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
