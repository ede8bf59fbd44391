package dev.llmops.core.internal.http;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * A MockWebServer on 127.0.0.1 for provider tests, registered with {@code @RegisterExtension} (through a
 * provider's subclass that adds its payload shapes): enqueue JSON, streamed or stalling bodies, and take the
 * recorded requests.
 */
public class MockProviderServer implements BeforeEachCallback, AfterEachCallback {
    private MockWebServer server;
    /** Released after each test, so a body that holds the connection open lets the server thread go. */
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        release.countDown();
        server.close();
    }

    /** The server's URL at {@code path}, e.g. {@code /v1beta}. */
    public String url(String path) {
        return server.url(path).toString();
    }

    public void enqueue(MockResponse response) {
        server.enqueue(response);
    }

    public void enqueueJson(int code, String json) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=UTF-8")
                .body(json).build());
    }

    public void enqueueJson(String json) {
        enqueueJson(200, json);
    }

    /** A successful response with this content type and body. */
    public void enqueueBody(String contentType, String body) {
        server.enqueue(new MockResponse.Builder().addHeader("Content-Type", contentType).body(body).build());
    }

    /** A response whose headers arrive but whose body first writes {@code prefix}, then stalls until the test ends. */
    public void enqueueStalling(String contentType, String prefix) {
        server.enqueue(new MockResponse.Builder().addHeader("Content-Type", contentType).body(new MockResponseBody() {
            @Override
            public long getContentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(prefix);
                sink.flush();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build());
    }

    public RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request arrived at the mock server");
        }
        return request;
    }

    public JsonNode takeBody() throws InterruptedException {
        return Json.MAPPER.readTree(take().getBody().utf8());
    }

    public int requestCount() {
        return server.getRequestCount();
    }

    /** A clock that moves {@code step} forward on every reading, so a latency is exactly one step. */
    public static Clock ticking(Duration step) {
        AtomicInteger ticks = new AtomicInteger();
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.EPOCH.plus(step.multipliedBy(ticks.getAndIncrement()));
            }
        };
    }

    /** Every event of {@code stream}, read to its end; the stream is closed. */
    public static List<StreamEvent> drain(ChatStream stream) {
        List<StreamEvent> events = new ArrayList<>();
        try (stream) {
            stream.forEach(events::add);
        }
        return events;
    }

    /** The response of the {@link StreamEvent.Completed} that must end {@code events}. */
    public static ChatResponse completed(List<StreamEvent> events) {
        if (events.isEmpty() || !(events.get(events.size() - 1) instanceof StreamEvent.Completed done)) {
            throw new AssertionError("the stream did not end with a Completed event: " + events);
        }
        return done.response();
    }

    /**
     * Blocks another thread in {@code events.hasNext()}, runs {@code close}, and returns what that thread threw
     * (or {@code null} when it returned).
     */
    public static Throwable closeWhileReading(Iterator<StreamEvent> events, Runnable close) throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            reading.countDown();
            try {
                events.hasNext();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        if (!reading.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the reading thread did not start");
        }
        close.run();
        return outcome.get(5, TimeUnit.SECONDS);
    }
}
