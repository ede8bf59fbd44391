package dev.llmops.core.cost;

import dev.llmops.core.TokenEstimator;
import dev.llmops.core.CallContext;
import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.Cost;
import dev.llmops.core.Usage;
import dev.llmops.core.cost.internal.CompletionMappingStream;
import dev.llmops.core.internal.ObservingChatStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interceptor that prices every response, keeps usage and cost totals, and enforces budgets.
 *
 * <pre>{@code
 * Budget run = Budget.of("nightly-eval", "5.00");
 * CostTracker costs = CostTracker.builder().budget(run).build();
 * ChatModel model = ChatPipeline.builder(openAi).interceptor(cache).interceptor(costs).build();
 *
 * model.chat(ChatRequest.of("hi").withOptions(ChatOptions.of("gpt-4o-mini").withMetadata(CostTracker.TAG, "support")));
 * BigDecimal supportSpend = costs.snapshot().tag("support").costUsd();
 * }</pre>
 *
 * <p><b>Pricing.</b> Every response, blocking or streamed (the response of the completed event), leaves with
 * its {@link ChatResponse#cost()} set from the {@link PriceTable} ({@link PriceTable#bundled()} by default):
 * {@link Cost#UNKNOWN} when its model has no price, unless the response arrived priced already. A response
 * whose cost is {@link Cost#CACHED} (a {@code ResponseCache} inside this tracker answered it) keeps it.
 * The cost is also put in the {@link CallContext} as {@value #COST_ATTRIBUTE}.
 *
 * <p><b>Totals.</b> {@link #snapshot()} gives the totals overall, per model, per prompt (metadata
 * {@link ChatOptions#PROMPT_NAME} and {@link ChatOptions#PROMPT_VERSION}) and per tag (metadata
 * {@value #TAG}). A cache hit counts as a cache hit, never as tokens or money spent.
 *
 * <p><b>Budgets.</b> Before a call is sent its worst-case cost is estimated: the input tokens (by the
 * {@link TokenEstimator}, about four characters a token) at the full input rate, plus the request's
 * {@code maxTokens} (or the {@linkplain Builder#defaultMaxOutputTokens(int) default}) at the output rate of the
 * request's model. That amount is reserved in every {@link Budget} and today's {@link DailyBudget}; a call
 * that would exceed any of them is refused with {@link BudgetExceededException} and never sent. After the
 * call each reservation is committed at the actual cost (at the estimate when the answering model has no
 * price), or released when the call fails. A request whose model has no price (or that names no model and
 * no {@linkplain Builder#defaultModel(String) default} is set) cannot be estimated: it is not counted
 * against budgets, and a DEBUG log says so.
 *
 * <p>Place a response cache outside this tracker so that a hit needs no budget; place it inside to count
 * hits in the totals.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class CostTracker implements ChatInterceptor {
    /** Metadata key of the tag a call's usage and cost are also counted under, e.g. a feature or a tenant. */
    public static final String TAG = "llmops.tag";

    /** {@link CallContext} attribute holding the call's {@link Cost}. */
    public static final String COST_ATTRIBUTE = "cost";

    /** The default most output tokens assumed for a request that sets no {@code maxTokens}. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

    private static final Logger LOG = LoggerFactory.getLogger(CostTracker.class);

    private final PriceTable prices;
    private final List<Budget> budgets;
    private final List<DailyBudget> dailyBudgets;
    private final TokenEstimator estimator;
    private final int defaultMaxOutputTokens;
    private final String defaultModel;

    private final Accumulator total = new Accumulator();
    private final Map<String, Accumulator> byModel = new ConcurrentHashMap<>();
    private final Map<String, Accumulator> byPrompt = new ConcurrentHashMap<>();
    private final Map<String, Accumulator> byTag = new ConcurrentHashMap<>();

    private CostTracker(Builder builder) {
        this.prices = builder.prices;
        this.budgets = List.copyOf(builder.budgets);
        this.dailyBudgets = List.copyOf(builder.dailyBudgets);
        this.estimator = builder.estimator;
        this.defaultMaxOutputTokens = builder.defaultMaxOutputTokens;
        this.defaultModel = builder.defaultModel;
    }

    /** A tracker with the bundled prices and no budgets. */
    public static CostTracker create() {
        return builder().build();
    }

    /** Starts configuring a tracker. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        ChatRequest request = chain.request();
        List<Budget.Reservation> reservations = reserve(request);
        ChatResponse response = releasingOnFailure(reservations, () -> chain.proceed(request));
        return complete(request, chain.context(), response, reservations);
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        ChatRequest request = chain.request();
        List<Budget.Reservation> reservations = reserve(request);
        ChatStream stream = releasingOnFailure(reservations, () -> chain.proceed(request));
        // Observing (inside) releases the reservations when the stream fails or is closed before completing;
        // mapping (outside) prices the completed response.
        ChatStream observed = new ObservingChatStream(stream, response -> { }, error -> release(reservations));
        return new CompletionMappingStream(observed, response -> complete(request, chain.context(), response, reservations));
    }

    /**
     * The worst-case cost of {@code request} in USD, as budgets reserve it; empty when its model has no price
     * or it names no model and no default is set.
     */
    public Optional<BigDecimal> estimateWorstCase(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        String model = request.options().model() != null ? request.options().model() : defaultModel;
        if (model == null) {
            return Optional.empty();
        }
        long maxOutput = request.options().maxTokens() != null ? request.options().maxTokens() : defaultMaxOutputTokens;
        long input = estimator.inputTokens(request);
        return prices.findModel(model).map(price -> price.costOf(Usage.of(input, maxOutput)).total());
    }

    /** The totals so far. Each total is read without stopping calls, so one in flight may be half counted. */
    public UsageSnapshot snapshot() {
        return new UsageSnapshot(total.totals(), totalsOf(byModel), totalsOf(byPrompt), totalsOf(byTag));
    }

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public String toString() {
        return "CostTracker[" + prices + ", budgets=" + budgets + ", daily=" + dailyBudgets + "]";
    }

    private List<Budget.Reservation> reserve(ChatRequest request) {
        if (budgets.isEmpty() && dailyBudgets.isEmpty()) {
            return List.of();
        }
        Optional<BigDecimal> estimate = estimateWorstCase(request);
        if (estimate.isEmpty()) {
            LOG.debug("model {} has no price (or the request names none): the call is not counted against budgets",
                    request.options().model());
            return List.of();
        }
        List<Budget> all = new ArrayList<>(budgets);
        dailyBudgets.forEach(daily -> all.add(daily.today()));
        List<Budget.Reservation> held = new ArrayList<>(all.size());
        return releasingOnFailure(held, () -> {
            for (Budget budget : all) {
                held.add(budget.reserve(estimate.get()));
            }
            return held;
        });
    }

    /** Runs {@code action}, releasing {@code reservations} when it throws. */
    private static <T> T releasingOnFailure(List<Budget.Reservation> reservations, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            release(reservations);
            throw e;
        }
    }

    private static void release(List<Budget.Reservation> reservations) {
        reservations.forEach(Budget.Reservation::release);
    }

    private ChatResponse complete(ChatRequest request, CallContext context, ChatResponse response,
            List<Budget.Reservation> reservations) {
        Cost cost = priceOf(response);
        for (Budget.Reservation reservation : reservations) {
            reservation.commit(cost.isKnown() ? cost.total() : reservation.estimate());
        }
        ChatResponse priced = response.withCost(cost);
        record(request.options().metadata(), priced);
        context.put(COST_ATTRIBUTE, cost);
        LOG.debug("{} {}: {} input ({} cached) + {} output tokens, {}", priced.provider(), priced.model(),
                priced.usage().inputTokens(), priced.usage().cachedInputTokens(), priced.usage().outputTokens(), cost);
        return priced;
    }

    private Cost priceOf(ChatResponse response) {
        if (response.cost().kind() == Cost.Kind.CACHED) {
            return Cost.CACHED;
        }
        Cost cost = prices.costOf(response);
        return cost.isKnown() ? cost : response.cost();
    }

    private void record(Map<String, String> metadata, ChatResponse response) {
        List<Accumulator> targets = new ArrayList<>(4);
        targets.add(total);
        targets.add(byModel.computeIfAbsent(response.model(), m -> new Accumulator()));
        String prompt = metadata.get(ChatOptions.PROMPT_NAME);
        if (prompt != null) {
            String version = metadata.get(ChatOptions.PROMPT_VERSION);
            String key = version == null ? prompt : prompt + "@" + version;
            targets.add(byPrompt.computeIfAbsent(key, k -> new Accumulator()));
        }
        String tag = metadata.get(TAG);
        if (tag != null) {
            targets.add(byTag.computeIfAbsent(tag, t -> new Accumulator()));
        }
        for (Accumulator target : targets) {
            target.add(response);
        }
    }

    private static Map<String, Totals> totalsOf(Map<String, Accumulator> accumulators) {
        Map<String, Totals> totals = new HashMap<>();
        accumulators.forEach((key, accumulator) -> totals.put(key, accumulator.totals()));
        return totals;
    }

    /** Running totals of one group; every counter is updated without locks. */
    private static final class Accumulator {
        private final LongAdder calls = new LongAdder();
        private final LongAdder cacheHits = new LongAdder();
        private final LongAdder unpriced = new LongAdder();
        private final LongAdder inputTokens = new LongAdder();
        private final LongAdder outputTokens = new LongAdder();
        private final LongAdder cachedInputTokens = new LongAdder();
        private final AtomicReference<BigDecimal> costUsd = new AtomicReference<>(BigDecimal.ZERO);

        void add(ChatResponse response) {
            Cost cost = response.cost();
            if (cost.kind() == Cost.Kind.CACHED) {
                cacheHits.increment();
                return;
            }
            calls.increment();
            inputTokens.add(response.usage().inputTokens());
            outputTokens.add(response.usage().outputTokens());
            cachedInputTokens.add(response.usage().cachedInputTokens());
            if (cost.isKnown()) {
                costUsd.accumulateAndGet(cost.total(), BigDecimal::add);
            } else {
                unpriced.increment();
            }
        }

        Totals totals() {
            long callCount = calls.sum();
            long unpricedCount = Math.min(unpriced.sum(), callCount);
            long input = inputTokens.sum();
            long cached = Math.min(cachedInputTokens.sum(), input);
            return new Totals(callCount, cacheHits.sum(), unpricedCount, new Usage(input, outputTokens.sum(), cached),
                    costUsd.get());
        }
    }

    /**
     * Configures a {@link CostTracker}.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private PriceTable prices = PriceTable.bundled();
        private final List<Budget> budgets = new ArrayList<>();
        private final List<DailyBudget> dailyBudgets = new ArrayList<>();
        private TokenEstimator estimator = TokenEstimator.defaults();
        private int defaultMaxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;
        private String defaultModel;

        private Builder() {
        }

        /** The prices responses are priced at; {@link PriceTable#bundled()} by default. */
        public Builder priceTable(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /** Adds a budget every call counts against; it may be shared with other trackers. */
        public Builder budget(Budget budget) {
            budgets.add(Objects.requireNonNull(budget, "budget"));
            return this;
        }

        /** Adds a daily budget every call counts against on the day it starts. */
        public Builder dailyBudget(DailyBudget budget) {
            dailyBudgets.add(Objects.requireNonNull(budget, "budget"));
            return this;
        }

        /** How a request's input tokens are estimated before it is sent; about four characters a token by default. */
        public Builder tokenEstimator(TokenEstimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /**
         * The output tokens a budget assumes for a request that sets no {@code maxTokens};
         * {@value CostTracker#DEFAULT_MAX_OUTPUT_TOKENS} by default. Give the model's own output limit to be safe.
         */
        public Builder defaultMaxOutputTokens(int tokens) {
            if (tokens <= 0) {
                throw new IllegalArgumentException("default max output tokens " + tokens
                        + " is not positive: give the most output tokens a call may produce, e.g. 4096");
            }
            this.defaultMaxOutputTokens = tokens;
            return this;
        }

        /** The model a request that names none is estimated as: the pipeline's configured model. */
        public Builder defaultModel(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("default model is blank: give the model id the pipeline calls, e.g. \"gpt-4o-mini\"");
            }
            this.defaultModel = model;
            return this;
        }

        public CostTracker build() {
            return new CostTracker(this);
        }
    }
}
