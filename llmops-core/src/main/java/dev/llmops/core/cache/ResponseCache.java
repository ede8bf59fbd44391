package dev.llmops.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.llmops.core.CallContext;
import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.Cost;
import dev.llmops.core.Embedding;
import dev.llmops.core.EmbeddingModel;
import dev.llmops.core.Message;
import dev.llmops.core.UserMessage;
import dev.llmops.core.cache.internal.CacheKeys;
import dev.llmops.core.cache.internal.DiskStore;
import dev.llmops.core.cache.internal.SemanticIndex;
import dev.llmops.core.internal.ObservingChatStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interceptor that answers a request it has seen before from a cache instead of the model.
 *
 * <pre>{@code
 * ResponseCache cache = ResponseCache.builder()
 *         .maximumSize(10_000)
 *         .ttl(Duration.ofDays(7))
 *         .directory(Path.of("target/llm-cache"))   // survives restarts; optional
 *         .build();
 * ChatModel model = ChatPipeline.builder(openAi).interceptor(cache).interceptor(retry).build();
 * }</pre>
 *
 * <p><b>What matches.</b> Two requests match when they are equal in everything that changes the answer:
 * model, messages, every option (temperature, top-p, max tokens, stop, seed, response format and schema,
 * tools, tool choice) — but not the metadata, which never reaches the provider. The key is the SHA-256 of a
 * canonical JSON form with sorted keys (schemas compared as JSON, not as text), in the cache's
 * {@linkplain Builder#namespace(String) namespace}.
 *
 * <p><b>What is cached.</b> By default only deterministic requests ({@link
 * dev.llmops.core.ChatOptions#isDeterministic()}: temperature 0 or a seed), since caching a sampled answer
 * would freeze one sample; {@link Builder#cacheWhen(Predicate)} changes that. Only successful responses are
 * stored; an error is never cached. A streamed call is stored when its stream completes, never in part.
 *
 * <p><b>Where.</b> In memory (Caffeine: bounded by {@linkplain Builder#maximumSize(long) size}, entries
 * expiring a {@linkplain Builder#ttl(Duration) time to live} after they were written), and optionally on disk
 * ({@linkplain Builder#directory(Path) a directory}, one JSON file per key, written atomically, expired by
 * the same time to live when read; a corrupt file is a miss and a warning, never a failed call). A disk hit
 * is copied into memory. Time is read from the {@linkplain Builder#clock(Clock) clock}.
 *
 * <p><b>Semantic matching</b> (optional, {@link Builder#semantic(EmbeddingModel, double)}): when no entry
 * matches exactly, a request whose last message is a user message of text (no images) is embedded, and the cached response of
 * the most similar earlier request is used if the cosine similarity of their last user messages is at least
 * the threshold and everything else (model, options, earlier messages) is equal. Kept in memory, bounded.
 *
 * <p><b>A hit</b> sets the {@link CallContext} attribute {@value #HIT_ATTRIBUTE} to {@code true} (a miss of a
 * cacheable request sets it to {@code false}; a request not cacheable leaves it unset), and returns the cached
 * response with latency {@link Duration#ZERO} and cost {@link Cost#CACHED}: nothing was spent, and a
 * {@code CostTracker} counts it as a hit, never as money. A streamed hit replays the response with
 * {@link ChatStream#of(ChatResponse)}.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class ResponseCache implements ChatInterceptor {
    /** {@link CallContext} attribute: {@code true} when the cache answered the call. */
    public static final String HIT_ATTRIBUTE = "cache.hit";

    /** The default number of responses kept in memory. */
    public static final long DEFAULT_MAXIMUM_SIZE = 1_000;

    /** The default time to live of an entry. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    private final Cache<String, ChatResponse> memory;
    private final DiskStore disk;
    private final SemanticIndex semantic;
    private final EmbeddingModel embeddings;
    private final Predicate<ChatRequest> cacheable;
    private final String namespace;

    private ResponseCache(Builder builder) {
        Clock clock = builder.clock;
        this.memory = Caffeine.newBuilder()
                .maximumSize(builder.maximumSize)
                .expireAfterWrite(builder.ttl)
                .ticker(builder.clockSet ? tickerOf(clock) : Ticker.systemTicker())
                .executor(Runnable::run)
                .build();
        this.disk = builder.directory == null ? null : new DiskStore(builder.directory, builder.ttl, clock);
        this.embeddings = builder.embeddings;
        this.semantic = builder.embeddings == null ? null
                : new SemanticIndex(builder.threshold, builder.semanticMaximumSize, builder.ttl, clock);
        this.cacheable = builder.cacheable;
        this.namespace = builder.namespace;
    }

    /** A memory-only cache with the defaults: {@value #DEFAULT_MAXIMUM_SIZE} entries, a day to live. */
    public static ResponseCache inMemory() {
        return builder().build();
    }

    /** Starts configuring a cache. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        ChatRequest request = chain.request();
        if (!cacheable.test(request)) {
            return chain.proceed(request);
        }
        Lookup lookup = lookup(request, chain.context());
        if (lookup.hit != null) {
            return lookup.hit;
        }
        ChatResponse response = chain.proceed(request);
        store(lookup, response);
        return response;
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        ChatRequest request = chain.request();
        if (!cacheable.test(request)) {
            return chain.proceed(request);
        }
        Lookup lookup = lookup(request, chain.context());
        if (lookup.hit != null) {
            return ChatStream.of(lookup.hit);
        }
        return new ObservingChatStream(chain.proceed(request), response -> store(lookup, response), error -> { });
    }

    /** The number of responses held in memory (after pending evictions are done). */
    public long memorySize() {
        memory.cleanUp();
        return memory.estimatedSize();
    }

    /** Drops every response held in memory; disk entries stay. */
    public void clearMemory() {
        memory.invalidateAll();
        memory.cleanUp();
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public String toString() {
        return "ResponseCache[memory" + (disk != null ? ", disk " + disk.directory() : "")
                + (semantic != null ? ", semantic" : "") + "]";
    }

    private Lookup lookup(ChatRequest request, CallContext context) {
        String key = CacheKeys.exact(namespace, request);
        Optional<ChatResponse> found = Optional.ofNullable(memory.getIfPresent(key));
        if (found.isEmpty() && disk != null) {
            found = disk.get(key);
            found.ifPresent(response -> memory.put(key, response));
        }
        Probe probe = null;
        if (found.isEmpty() && semantic != null) {
            probe = probe(request);
            if (probe != null) {
                found = semantic.find(probe.context, probe.embedding);
            }
        }
        context.put(HIT_ATTRIBUTE, found.isPresent());
        LOG.debug("cache {} for {} (model {})", found.isPresent() ? "hit" : "miss", key, request.options().model());
        return new Lookup(key, probe, found.map(response -> response.withLatency(Duration.ZERO).withCost(Cost.CACHED))
                .orElse(null));
    }

    /**
     * The semantic context and embedding of {@code request}, or null when its last message is not a user
     * message of text alone (an image's meaning is not compared).
     */
    private Probe probe(ChatRequest request) {
        Message last = request.messages().getLast();
        if (!(last instanceof UserMessage user) || user.text().isBlank() || user.hasImages()) {
            return null;
        }
        Embedding embedding;
        try {
            embedding = embeddings.embed(user.text());
        } catch (RuntimeException e) {
            // A cache never fails a call: without an embedding the call just skips semantic matching.
            LOG.warn("cannot embed the last user message for semantic matching ({}); the call goes on without it",
                    e.getClass().getSimpleName());
            return null;
        }
        return new Probe(CacheKeys.context(namespace, request), embedding);
    }

    private void store(Lookup lookup, ChatResponse response) {
        memory.put(lookup.key, response);
        if (disk != null) {
            disk.put(lookup.key, response);
        }
        if (lookup.probe != null) {
            semantic.add(lookup.probe.context, lookup.probe.embedding, response);
        }
    }

    private static Ticker tickerOf(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        };
    }

    /**
     * What a lookup found.
     *
     * @param key   the exact key
     * @param probe the semantic context and embedding; null without semantic matching
     * @param hit   the answer from the cache, or null on a miss
     */
    private record Lookup(String key, Probe probe, ChatResponse hit) {
    }

    private record Probe(String context, Embedding embedding) {
    }

    /**
     * Configures a {@link ResponseCache}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Duration ttl = DEFAULT_TTL;
        private Path directory;
        private Clock clock = Clock.systemUTC();
        private boolean clockSet;
        private Predicate<ChatRequest> cacheable = request -> request.options().isDeterministic();
        private String namespace = "";
        private EmbeddingModel embeddings;
        private double threshold;
        private int semanticMaximumSize = 1_000;

        private Builder() {
        }

        /** The most responses kept in memory; {@value ResponseCache#DEFAULT_MAXIMUM_SIZE} by default. */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize <= 0) {
                throw new IllegalArgumentException("maximum size " + maximumSize
                        + " is not positive: give the most responses to keep in memory, e.g. 1000");
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /** How long an entry is served after it was stored, in memory and on disk; a day by default. */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl " + ttl + " is not positive: give how long an answer stays valid, e.g. Duration.ofDays(1)");
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * Also keeps responses in {@code directory}, one JSON file per request. The directory is created by
         * {@link #build()}, which throws {@link java.io.UncheckedIOException} when it cannot be.
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * The clock the time to live is measured with; by default {@link System#nanoTime()} in memory and the
         * system clock on disk. Tests pass a fake one.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            this.clockSet = true;
            return this;
        }

        /**
         * Which requests are cached; by default those whose options are deterministic (temperature 0 or a
         * seed). {@code request -> true} caches every request.
         */
        public Builder cacheWhen(Predicate<ChatRequest> cacheable) {
            this.cacheable = Objects.requireNonNull(cacheable, "cacheable");
            return this;
        }

        /**
         * A label mixed into every key, so caches sharing a directory but fronting different models or
         * prompts never answer for each other; empty by default.
         */
        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /**
         * Also matches a request by the meaning of its last user message: the cached response of an earlier
         * request with the same model, options and earlier messages whose last user message embeds with a
         * cosine similarity of at least {@code threshold}.
         *
         * @throws IllegalArgumentException when {@code threshold} is outside [0, 1]
         */
        public Builder semantic(EmbeddingModel embeddings, double threshold) {
            Objects.requireNonNull(embeddings, "embeddings");
            if (!(threshold >= 0.0 && threshold <= 1.0)) {
                throw new IllegalArgumentException("similarity threshold " + threshold
                        + " is outside [0, 1]: give the least cosine similarity that counts as the same question, e.g. 0.95");
            }
            this.embeddings = embeddings;
            this.threshold = threshold;
            return this;
        }

        /** The most entries the semantic index keeps (the oldest is dropped first); 1000 by default. */
        public Builder semanticMaximumSize(int maximumSize) {
            if (maximumSize <= 0) {
                throw new IllegalArgumentException("semantic maximum size " + maximumSize
                        + " is not positive: give the most entries to compare against, e.g. 1000");
            }
            this.semanticMaximumSize = maximumSize;
            return this;
        }

        public ResponseCache build() {
            return new ResponseCache(this);
        }
    }
}
