package dev.llmops.core.cache.internal;

import dev.llmops.core.ChatRequest;
import dev.llmops.core.internal.ChatCodec;
import dev.llmops.core.internal.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cache keys of chat requests: the SHA-256, in lower-case hex, of a canonical JSON form of everything that
 * changes the answer. The form is {@link ChatCodec#encodeRequest(ChatRequest)} without the options'
 * metadata (labels that never reach the provider), tool and response schemas parsed from their text (so
 * their spacing and property order do not matter), every object's properties sorted by name, wrapped with a
 * format version and the cache's namespace.
 *
 * <p>Immutable and thread-safe (stateless).
 */
public final class CacheKeys {
    /** Changes when the canonical form changes, so old disk entries are never read under a new meaning. */
    private static final int FORMAT = 1;

    private static final ObjectWriter SORTED_WRITER = Json.MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    private CacheKeys() {
    }

    /** The key of {@code request} in {@code namespace}. */
    public static String exact(String namespace, ChatRequest request) {
        return hash("exact", namespace, ChatCodec.encodeRequest(request));
    }

    /**
     * The key of the context a semantic match must share: the namespace, the options and every message but
     * the last (the user message whose meaning is compared).
     */
    public static String context(String namespace, ChatRequest request) {
        ObjectNode encoded = ChatCodec.encodeRequest(request);
        ArrayNode messages = (ArrayNode) encoded.get("messages");
        messages.remove(messages.size() - 1);
        return hash("context", namespace, encoded);
    }

    private static String hash(String kind, String namespace, ObjectNode encodedRequest) {
        ObjectNode options = (ObjectNode) encodedRequest.get("options");
        options.remove("metadata");
        parseSchemas(options);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", kind);
        root.put("namespace", namespace);
        root.set("request", encodedRequest);
        // The writer sorts every object's properties as it writes them: the same bytes as writing a sorted
        // copy, without building one.
        return sha256(SORTED_WRITER.writeValueAsBytes(root));
    }

    private static void parseSchemas(ObjectNode options) {
        JsonNode tools = options.get("tools");
        if (tools != null) {
            for (JsonNode tool : tools) {
                replaceWithParsed((ObjectNode) tool, "parametersSchema");
            }
        }
        JsonNode format = options.get("responseFormat");
        if (format != null) {
            replaceWithParsed((ObjectNode) format, "schema");
        }
    }

    /** Replaces the JSON text in {@code name} with the JSON it holds; text that does not parse is kept as is. */
    private static void replaceWithParsed(ObjectNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isString()) {
            return;
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(value.stringValue());
            if (parsed != null && !parsed.isMissingNode()) {
                node.set(name, parsed);
            }
        } catch (JacksonException e) {
            // Not JSON: the text itself is part of the key.
        }
    }

    private static String sha256(byte[] utf8) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(utf8);
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM, which every Java SE platform must provide", e);
        }
    }
}
