package dev.llmops.core.provider.gemini;

import dev.llmops.core.internal.http.WireJson;
import java.util.regex.Pattern;

/**
 * How a Gemini function call is named in a {@link dev.llmops.core.ToolCall#id()}. Gemini gives a call an
 * {@code id} only sometimes, so a missing one is generated ({@code call_} and 24 hex digits) and never sent
 * back. Thinking models attach a {@code thoughtSignature} to function-call parts that must be returned with
 * the call in the next request (Gemini 3 rejects the conversation otherwise); {@code ToolCall} has no field
 * for it, so it rides in the id after {@value #SIGNATURE}, and the request writer puts it back on the part.
 *
 * <p>Thread-safe (stateless).
 */
final class ToolCallIds {
    static final String SIGNATURE = "#ts:";
    private static final Pattern GENERATED = Pattern.compile("call_[0-9a-f]{24}");

    private ToolCallIds() {
    }

    /** The id for a call with the API's {@code id} (or {@code null}) and {@code thoughtSignature} (or {@code null}). */
    static String encode(String apiId, String signature) {
        String id = apiId == null || apiId.isEmpty() ? WireJson.newToolCallId() : apiId;
        return signature == null || signature.isEmpty() ? id : id + SIGNATURE + signature;
    }

    /** The {@code id} to send back on the wire, or {@code null} when it was generated here (or is empty). */
    static String wireId(String id) {
        int at = id.indexOf(SIGNATURE);
        String bare = at == -1 ? id : id.substring(0, at);
        return bare.isEmpty() || GENERATED.matcher(bare).matches() ? null : bare;
    }

    /** The thought signature carried in {@code id}, or {@code null}. */
    static String signature(String id) {
        int at = id.indexOf(SIGNATURE);
        return at == -1 ? null : id.substring(at + SIGNATURE.length());
    }
}
