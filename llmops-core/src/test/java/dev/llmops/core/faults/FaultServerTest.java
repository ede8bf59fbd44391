package dev.llmops.core.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.faults.FaultServer.Fault;
import dev.llmops.core.faults.FaultServer.FaultPlan;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault server itself, seen from a bare OkHttp client: each fault looks the way the suite assumes. */
class FaultServerTest {
    private final VirtualTime clock = new VirtualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final OkHttpClient client = new OkHttpClient.Builder()
            .readTimeout(200, TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .build();
    private FaultServer server;

    @AfterEach
    void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private Response post(String body) throws IOException {
        return client.newCall(new Request.Builder().url(server.baseUrl() + "/chat/completions")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
    }

    private void start(Fault... faults) throws IOException {
        server = new FaultServer(FaultPlan.sequence(Duration.ofSeconds(2), faults), clock, Duration.ofMillis(600));
    }

    @Test
    void answersAProperCompletionNamingTheCallId() throws IOException {
        start();
        try (Response response = post("{\"messages\":[{\"role\":\"user\",\"content\":\"call-7\"}]}")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).contains("answer to call-7").contains("\"finish_reason\":\"stop\"");
        }
        assertThat(server.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.callId()).isEqualTo("call-7");
            assertThat(seen.fault()).isEqualTo(Fault.OK);
            assertThat(seen.at()).isEqualTo(clock.instant());
        });
    }

    @Test
    void rateLimitsWithRetryAfterInSeconds() throws IOException {
        start(Fault.RATE_LIMITED);
        try (Response response = post("{\"content\":\"call-1\"}")) {
            assertThat(response.code()).isEqualTo(429);
            assertThat(response.header("Retry-After")).isEqualTo("2");
        }
        assertThat(server.seen().get(0).retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void answersServerErrorsWithTheirStatus() throws IOException {
        start(Fault.SERVER_ERROR_500, Fault.BAD_GATEWAY_502, Fault.UNAVAILABLE_503, Fault.OVERLOADED_529);
        Map<Integer, Integer> codes = new java.util.TreeMap<>();
        for (int i = 0; i < 4; i++) {
            try (Response response = post("{}")) {
                codes.merge(response.code(), 1, Integer::sum);
            }
        }
        assertThat(codes).containsOnlyKeys(500, 502, 503, 529);
    }

    @Test
    void resetsTheConnectionHalfWayThroughTheBody() throws IOException {
        start(Fault.RESET_MID_BODY);
        try (Response response = post("{\"content\":\"call-2\"}")) {
            assertThat(response.code()).isEqualTo(200);
            assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void stallsTheHeadersPastTheReadTimeout() throws IOException {
        start(Fault.STALL_HEADERS);
        assertThatThrownBy(() -> post("{}")).isInstanceOf(InterruptedIOException.class);
    }

    @Test
    void cutsAStreamBeforeDone() throws IOException {
        start(Fault.CUT_STREAM);
        try (Response response = post("{\"stream\":true,\"content\":\"call-3\"}")) {
            String body = response.body().string();
            assertThat(body).startsWith("data: ").doesNotContain("[DONE]");
        }
        assertThat(server.seen().get(0).streaming()).isTrue();
    }

    @Test
    void streamsToDoneWhenHealthy() throws IOException {
        start();
        try (Response response = post("{\"stream\":true,\"content\":\"call-4\"}")) {
            assertThat(response.header("Content-Type")).isEqualTo("text/event-stream");
            assertThat(response.body().string()).contains("call-4").endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void answersMalformedJsonWithStatus200() throws IOException {
        start(Fault.MALFORMED_JSON);
        try (Response response = post("{}")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).doesNotEndWith("}");
        }
    }

    @Test
    void aSeededMixIsRepeatableAndCoversEveryFault() {
        FaultPlan first = FaultPlan.mixed(42, 50, 3);
        FaultPlan second = FaultPlan.mixed(42, 50, 3);
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        for (int i = 0; i < 2000; i++) {
            Fault fault = first.next();
            assertThat(second.next()).isEqualTo(fault);
            counts.merge(fault, 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys(Fault.values());
        assertThat(counts.get(Fault.OK)).isBetween(900, 1100);
    }

    @Test
    void virtualTimeMovesOnlyWhenEveryWorkerSleepsAndWakesEachAtItsTime() throws Exception {
        Instant start = clock.instant();
        java.util.List<Instant> woke = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        clock.register();
        clock.register();
        Thread.Builder builder = Thread.ofVirtual();
        Thread late = builder.start(() -> {
            try {
                clock.sleep(Duration.ofSeconds(30));
                woke.add(clock.instant());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clock.deregister();
            }
        });
        Thread early = builder.start(() -> {
            try {
                clock.sleep(Duration.ofSeconds(5));
                woke.add(clock.instant());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clock.deregister();
            }
        });
        early.join(Duration.ofSeconds(10));
        late.join(Duration.ofSeconds(10));

        assertThat(woke).containsExactly(start.plusSeconds(5), start.plusSeconds(30));
    }
}
