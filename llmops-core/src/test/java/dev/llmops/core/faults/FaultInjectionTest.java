package dev.llmops.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.faults.FaultServer.Fault;
import dev.llmops.core.faults.FaultServer.FaultPlan;
import dev.llmops.core.faults.FaultServer.Seen;
import dev.llmops.core.provider.openai.OpenAiChatModel;
import dev.llmops.core.resilience.CircuitBreaker;
import dev.llmops.core.resilience.Fallback;
import dev.llmops.core.resilience.RateLimiter;
import dev.llmops.core.resilience.Resilience;
import dev.llmops.core.resilience.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The resilience stack against a real HTTP server that misbehaves: 1,000 calls at concurrency 32 through
 * fallback, retry, circuit breaker and a sliding-window rate limiter, over the OpenAI adapter, to a loopback
 * server answering a seeded random mix of 429 with {@code Retry-After}, 500/502/503/529, connections reset
 * mid-body, headers stalled past the read timeout, SSE streams cut before {@code [DONE]} and malformed JSON.
 *
 * <p>Time is virtual ({@link VirtualTime}): backoff, {@code Retry-After} and rate-limit waits pass instantly,
 * while the HTTP exchanges are real. The server stamps each request with the same virtual clock, so what the
 * assertions check is what the server saw.
 */
class FaultInjectionTest {
    private static final long SEED = 20261123L;
    private static final int CALLS = 1_000;
    private static final int CONCURRENCY = 32;
    private static final int REQUESTS_PER_MINUTE = 120;
    private static final String KEY = "sk-fault-injection-test-key-000000000000";

    @Test
    void everyCallEndsInAnAnswerOrATypedErrorAndTheServerSeesTheLimitsKept() throws Exception {
        VirtualTime time = new VirtualTime(Instant.parse("2026-01-01T00:00:00Z"));
        // OkHttp must not re-send on its own: every attempt has to pass the rate limiter and be counted
        OkHttpClient client = new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(CONCURRENCY, 1, TimeUnit.MINUTES))
                .build();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        List<Throwable> untyped = java.util.Collections.synchronizedList(new ArrayList<>());
        LongAdder answeredByFallback = new LongAdder();

        try (FaultServer primary = new FaultServer(FaultPlan.mixed(SEED, 60, 3), time, Duration.ofMillis(500));
                FaultServer secondary = new FaultServer(FaultPlan.mixed(SEED + 1, 85, 2), time, Duration.ofMillis(500))) {
            ChatModel primaryModel = provider(primary, "primary", client, time);
            ChatModel secondaryModel = ChatPipeline.builder(provider(secondary, "secondary", client, time))
                    .interceptor(retry(time, SEED + 1)).build();
            CircuitBreaker breaker = CircuitBreaker.builder("primary").failureThreshold(5)
                    .openDuration(Duration.ofSeconds(10)).clock(time).build();
            RateLimiter limiter = RateLimiter.builder().requestsPerMinute(REQUESTS_PER_MINUTE).slidingWindow(true)
                    .maxWait(Duration.ofHours(1)).clock(time).sleeper(time).build();
            ChatModel model = Resilience.builder(primaryModel)
                    .fallback(Fallback.builder().to(secondaryModel, "gpt-4o-mini-fallback").build())
                    .retry(retry(time, SEED))
                    .circuitBreaker(breaker)
                    .rateLimiter(limiter)
                    .build();

            AtomicInteger next = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
            for (int w = 0; w < CONCURRENCY; w++) {
                time.register();
            }
            for (int w = 0; w < CONCURRENCY; w++) {
                SplittableRandom pacing = new SplittableRandom(SEED + w);
                workers.execute(() -> {
                    try {
                        for (int call = next.getAndIncrement(); call < CALLS; call = next.getAndIncrement()) {
                            // a user's think time, so virtual time moves while calls are made (demand ~190/min)
                            time.sleep(Duration.ofMillis(pacing.nextInt(20_000)));
                            String outcome = callOnce(model, call, answeredByFallback, untyped);
                            outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        time.deregister();
                    }
                });
            }
            workers.shutdown();
            boolean finished = workers.awaitTermination(3, TimeUnit.MINUTES);
            assertThat(finished).as("every call ended (none hung); outcomes so far %s", outcomes).isTrue();

            Map<String, Long> counted = new TreeMap<>();
            outcomes.forEach((k, v) -> counted.put(k, v.sum()));
            long answers = counted.getOrDefault("answer", 0L);
            long typedErrors = counted.entrySet().stream().filter(e -> !e.getKey().equals("answer"))
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(untyped).as("calls that ended in something other than an answer or an LlmopsException").isEmpty();
            assertThat(answers + typedErrors).as("outcomes %s", counted).isEqualTo(CALLS);
            assertThat(answers).as("outcomes %s", counted).isPositive();
            assertThat(typedErrors).as("outcomes %s", counted).isPositive();
            assertThat(answeredByFallback.sum()).as("calls the fallback answered").isPositive();

            List<Seen> seen = primary.seen();
            System.out.printf("fault injection: %d calls -> %s; %d answered by the fallback; primary saw %d requests %s"
                    + " over %s of virtual time; secondary saw %d%n", CALLS, counted, answeredByFallback.sum(),
                    seen.size(), faultCounts(seen), Duration.between(Instant.parse("2026-01-01T00:00:00Z"), time.instant()),
                    secondary.seen().size());
            assertThat(faultCounts(seen)).as("every fault was served").containsOnlyKeys(Fault.values());
            assertEveryRetryAfterWasRespected(seen);
            assertNoMinuteHeldMoreThanTheLimit(seen);

            client.connectionPool().evictAll();
            assertThat(client.connectionPool().connectionCount()).as("client connections after the run").isZero();
            assertThat(client.dispatcher().runningCallsCount()).isZero();
            awaitServerConnectionsClosed(primary);
            awaitServerConnectionsClosed(secondary);
            assertThat(threadsInsideLlmops()).as("threads still inside llmops code").isEmpty();
        } finally {
            client.dispatcher().executorService().shutdown();
        }
    }

    private static String callOnce(ChatModel model, int call, LongAdder answeredByFallback, List<Throwable> untyped) {
        ChatRequest request = ChatRequest.of("question call-" + call)
                .withOptions(ChatOptions.of("gpt-4o-mini").withTemperature(0.0));
        try {
            ChatResponse response = call % 4 == 0 ? model.stream(request).collect() : model.chat(request);
            assertThat(response.text()).isEqualTo("answer to call-" + call);
            if (response.provider().equals("secondary")) {
                answeredByFallback.increment();
            }
            return "answer";
        } catch (LlmopsException e) {
            return e.getClass().getSimpleName();
        } catch (RuntimeException | Error e) {
            untyped.add(e);
            return "untyped " + e.getClass().getName();
        }
    }

    private static ChatModel provider(FaultServer server, String name, OkHttpClient client, VirtualTime time) {
        return OpenAiChatModel.builder()
                .providerName(name)
                .baseUrl(server.baseUrl())
                .apiKey(KEY)
                .httpClient(client)
                .readTimeout(Duration.ofMillis(200))
                .clock(time)
                .build();
    }

    private static Retry retry(VirtualTime time, long seed) {
        return Retry.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(8))
                .deadline(Duration.ofMinutes(30)).seed(seed).clock(time).sleeper(time).build();
    }

    private static Map<Fault, Long> faultCounts(List<Seen> seen) {
        Map<Fault, Long> counts = new EnumMap<>(Fault.class);
        seen.forEach(s -> counts.merge(s.fault(), 1L, Long::sum));
        return counts;
    }

    /** After a 429 asking for N seconds, the next request of the same call came N seconds later or more. */
    private static void assertEveryRetryAfterWasRespected(List<Seen> seen) {
        Map<String, List<Seen>> byCall = seen.stream().collect(Collectors.groupingBy(Seen::callId));
        int checked = 0;
        for (List<Seen> requests : byCall.values()) {
            requests.sort(Comparator.comparingInt(Seen::sequence));
            for (int i = 0; i + 1 < requests.size(); i++) {
                Seen limited = requests.get(i);
                if (limited.fault() == Fault.RATE_LIMITED) {
                    Instant earliest = limited.at().plus(limited.retryAfter());
                    assertThat(requests.get(i + 1).at()).as("retry of %s after a 429 asking for %s",
                            limited.callId(), limited.retryAfter()).isAfterOrEqualTo(earliest);
                    checked++;
                }
            }
        }
        assertThat(checked).as("429s followed by a retry to the same server").isPositive();
    }

    /** No 60-second window on the server's clock holds more requests than the limit. */
    private static void assertNoMinuteHeldMoreThanTheLimit(List<Seen> seen) {
        List<Instant> times = seen.stream().map(Seen::at).sorted().toList();
        int busiest = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (!times.get(start).plusSeconds(60).isAfter(times.get(end))) {
                start++;
            }
            busiest = Math.max(busiest, end - start + 1);
        }
        assertThat(busiest).as("most requests in any 60 s window").isLessThanOrEqualTo(REQUESTS_PER_MINUTE);
        assertThat(busiest).as("the limit was actually reached").isEqualTo(REQUESTS_PER_MINUTE);
    }

    private static void awaitServerConnectionsClosed(FaultServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.openConnections()).as("server connections left open").isZero();
    }

    private static List<String> threadsInsideLlmops() {
        List<String> inside = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread == Thread.currentThread()) {
                return;
            }
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().startsWith("dev.llmops.core.") && !frame.getClassName().contains(".faults.")) {
                    inside.add(thread.getName() + " at " + frame);
                    return;
                }
            }
        });
        return inside;
    }
}
