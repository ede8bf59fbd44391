package dev.llmops.core.provider.openai;

import static dev.llmops.core.provider.openai.ChatResponseReader.orDefault;
import static dev.llmops.core.provider.openai.ChatResponseReader.orEmpty;
import static dev.llmops.core.provider.openai.ChatResponseReader.text;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.FinishReason;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.ResponseParseException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.ToolCall;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.http.SseReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import okhttp3.Call;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns the server-sent events of a streamed {@code chat/completions} call into {@link StreamEvent}s: a
 * {@link StreamEvent.TextDelta} per content fragment, a {@link StreamEvent.ToolCallDelta} per tool-call
 * fragment (parallel calls told apart by their {@code index}), and, at {@code data: [DONE]}, one
 * {@link StreamEvent.Completed} holding the response assembled from every chunk, with the usage of the
 * final usage chunk ({@code stream_options.include_usage}).
 *
 * <p>A stream that ends before {@code [DONE]} fails with a {@link ResponseParseException} holding the raw
 * tail of what arrived. {@link #close()} cancels the HTTP call; the blocked read then fails, and the
 * {@link dev.llmops.core.ChatStream} wrapping this reader turns that into a
 * {@link dev.llmops.core.StreamCancelledException}.
 *
 * <p>Not thread-safe, except {@link #close()}.
 */
final class ChatStreamReader implements Iterator<StreamEvent>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatStreamReader.class);

    private final OpenAiEndpoint endpoint;
    private final Call call;
    private final Response response;
    private final SseReader sse;
    private final String requestedModel;
    private final Instant start;

    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, PartialToolCall> toolCalls = new TreeMap<>();
    private String id;
    private String model;
    private String finishReason;
    private Usage usage = Usage.ZERO;
    private boolean finished;

    ChatStreamReader(OpenAiEndpoint endpoint, Call call, Response response, String requestedModel, Instant start) {
        this.endpoint = endpoint;
        this.call = call;
        this.response = response;
        this.sse = new SseReader(response.body().source());
        this.requestedModel = requestedModel;
        this.start = start;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !finished) {
            readEvent();
        }
        return !pending.isEmpty();
    }

    @Override
    public StreamEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has completed");
        }
        return pending.poll();
    }

    /** Cancels the HTTP call and releases the connection. Safe from any thread. */
    @Override
    public void close() {
        call.cancel();
        response.close();
    }

    private void readEvent() {
        try {
            readEventOrFail();
        } catch (RuntimeException e) {
            finish();
            throw e;
        }
    }

    private void readEventOrFail() {
        boolean more;
        try {
            more = sse.next();
        } catch (IOException e) {
            throw endpoint.transportFailure(call, e);
        }
        if (!more) {
            throw new ResponseParseException(endpoint.provider(), response.code(), endpoint.provider()
                    + " stream ended before data: [DONE] after " + sse.rawLength()
                    + " characters: the connection was cut or the server stopped early; retry the call", sse.rawTail(), null);
        }
        String data = sse.data();
        if (data.equals("[DONE]")) {
            ChatResponse done = assemble();
            finish();
            pending.add(new StreamEvent.Completed(done));
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode chunk = ChatResponseReader.parse(endpoint.provider(), response.code(), data, "stream chunk");
        readChunk(chunk);
    }

    private void readChunk(JsonNode chunk) {
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            String message = error.isObject() ? orEmpty(text(error, "message")) : error.toString();
            throw new ProviderUnavailableException(endpoint.provider(), response.code(),
                    error.isObject() ? text(error, "code") : null, null, endpoint.provider() + " sent an error in the stream: "
                    + endpoint.errors().scrub(message) + "; retry the call", null);
        }
        if (id == null) {
            id = text(chunk, "id");
        }
        if (model == null) {
            String m = text(chunk, "model");
            model = m == null || m.isEmpty() ? null : m;
        }
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = ChatResponseReader.usage(u);
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) {
                continue;
            }
            JsonNode delta = choice.path("delta");
            String content = text(delta, "content");
            if (content == null || content.isEmpty()) {
                content = text(delta, "refusal");
            }
            if (content != null && !content.isEmpty()) {
                text.append(content);
                pending.add(new StreamEvent.TextDelta(content));
            }
            int position = 0;
            for (JsonNode call : delta.path("tool_calls")) {
                readToolCallDelta(call, position++);
            }
            String reason = text(choice, "finish_reason");
            if (reason != null) {
                finishReason = reason;
            }
        }
    }

    private void readToolCallDelta(JsonNode call, int position) {
        JsonNode indexNode = call.get("index");
        int index = indexNode != null && indexNode.isNumber() ? indexNode.asInt() : position;
        JsonNode function = call.path("function");
        String callId = text(call, "id");
        String name = text(function, "name");
        String arguments = orEmpty(text(function, "arguments"));
        PartialToolCall partial = toolCalls.computeIfAbsent(index, i -> new PartialToolCall());
        if (callId != null && partial.id == null) {
            partial.id = callId;
        }
        if (name != null && partial.name == null) {
            partial.name = name;
        }
        partial.arguments.append(arguments);
        pending.add(new StreamEvent.ToolCallDelta(index, callId, name, arguments));
    }

    private ChatResponse assemble() {
        List<ToolCall> calls = new ArrayList<>(toolCalls.size());
        for (Map.Entry<Integer, PartialToolCall> entry : toolCalls.entrySet()) {
            PartialToolCall partial = entry.getValue();
            if (partial.name == null || partial.name.isBlank()) {
                throw new ResponseParseException(endpoint.provider(), response.code(), endpoint.provider()
                        + " stream sent tool call " + entry.getKey() + " without a function name", sse.rawTail(), null);
            }
            calls.add(new ToolCall(orEmpty(partial.id), partial.name, partial.arguments.toString()));
        }
        String answeredBy = orDefault(model, requestedModel);
        FinishReason reason = ChatResponseReader.finishReason(finishReason);
        if (reason == FinishReason.CONTENT_FILTER) {
            throw ChatResponseReader.contentFiltered(endpoint.provider(), response.code(), answeredBy);
        }
        Duration latency = Duration.between(start, endpoint.clock().instant());
        ChatResponse done = new ChatResponse(new AssistantMessage(text.toString(), calls), usage, reason, answeredBy,
                endpoint.provider(), latency.isNegative() ? Duration.ZERO : latency, orEmpty(id));
        ChatResponseReader.logCompleted(LOG, "stream", done);
        return done;
    }

    private void finish() {
        finished = true;
        response.close();
    }

    /** A tool call being assembled from its deltas. */
    private static final class PartialToolCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
