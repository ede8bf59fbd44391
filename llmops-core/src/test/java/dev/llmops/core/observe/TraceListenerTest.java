package dev.llmops.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.Cost;
import dev.llmops.core.ChatStream;
import dev.llmops.core.Message;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.StreamCancelledException;
import dev.llmops.core.Usage;
import dev.llmops.core.internal.Json;
import dev.llmops.core.testing.ScriptedChatModel;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class TraceListenerTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock PIPELINE_CLOCK = Clock.fixed(START, ZoneOffset.UTC);
    private static final Clock END_CLOCK = Clock.fixed(START.plusMillis(250), ZoneOffset.UTC);
    private static final String OPENAI_KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String BEARER = "Authorization: Bearer abcdefghijklmnop1234567890XYZ";

    private final StringWriter out = new StringWriter();

    private ChatModel pipeline(ChatModel model, TraceListener traces, ChatInterceptor... interceptors) {
        ChatPipeline.Builder builder = ChatPipeline.builder(model).clock(PIPELINE_CLOCK).listener(traces);
        for (ChatInterceptor interceptor : interceptors) {
            builder.interceptor(interceptor);
        }
        return builder.build();
    }

    private TraceListener traces(boolean includeContent) {
        return TraceListener.builder().writer(out).clock(END_CLOCK).includeContent(includeContent).build();
    }

    private List<JsonNode> lines(String text) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }

    @Test
    void writesOneLineWithGenAiAttributesPerSuccessfulCall() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("Paris").withUsage(new Usage(40, 3, 10)).build();
        ChatRequest request = ChatRequest.of("Capital of France?").withOptions(ChatOptions.of("gpt-4o-mini")
                .withTemperature(0.2).withTopP(0.9).withMaxTokens(50).withSeed(7L));

        pipeline(model, traces(false)).chat(request);

        assertThat(out.toString()).endsWith("\n").doesNotContain("\n\n");
        List<JsonNode> lines = lines(out.toString());
        assertThat(lines).hasSize(1);
        JsonNode line = lines.get(0);
        assertThat(line.get("gen_ai.operation.name").stringValue()).isEqualTo("chat");
        assertThat(line.get("gen_ai.provider.name").stringValue()).isEqualTo("scripted");
        assertThat(line.get("gen_ai.request.model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(line.get("gen_ai.request.temperature").doubleValue()).isEqualTo(0.2);
        assertThat(line.get("gen_ai.request.top_p").doubleValue()).isEqualTo(0.9);
        assertThat(line.get("gen_ai.request.max_tokens").intValue()).isEqualTo(50);
        assertThat(line.get("gen_ai.request.seed").longValue()).isEqualTo(7L);
        assertThat(line.get("gen_ai.request.stream").booleanValue()).isFalse();
        assertThat(line.get("gen_ai.response.model").stringValue()).isEqualTo("gpt-4o-mini");
        assertThat(line.get("gen_ai.response.id").stringValue()).isEqualTo("scripted-1");
        assertThat(line.get("gen_ai.response.finish_reasons").get(0).stringValue()).isEqualTo("stop");
        assertThat(line.get("gen_ai.usage.input_tokens").longValue()).isEqualTo(40);
        assertThat(line.get("gen_ai.usage.output_tokens").longValue()).isEqualTo(3);
        assertThat(line.get("gen_ai.usage.cache_read.input_tokens").longValue()).isEqualTo(10);
        assertThat(line.get("llmops.call_id").stringValue()).startsWith("call-");
        assertThat(line.get("llmops.start_time").stringValue()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(line.get("llmops.latency_ms").longValue()).isEqualTo(250);
        assertThat(line.has("error.type")).isFalse();
    }

    @Test
    void writesAnErrorLineWithTheExceptionType() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .fail(new RateLimitedException("openai", null, Duration.ofSeconds(1), null, null, "slow down"))
                .build();

        assertThatThrownBy(() -> pipeline(model, traces(false)).chat("hi")).isInstanceOf(RateLimitedException.class);

        JsonNode line = lines(out.toString()).get(0);
        assertThat(line.get("error.type").stringValue()).isEqualTo(RateLimitedException.class.getName());
        assertThat(line.get("llmops.error.message").stringValue()).contains("slow down");
        assertThat(line.get("gen_ai.provider.name").stringValue()).isEqualTo("openai");
        assertThat(line.get("llmops.latency_ms").longValue()).isEqualTo(250);
        assertThat(line.has("gen_ai.response.model")).isFalse();
    }

    @Test
    void recordsPromptLabelsAndInterceptorAttributes() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();
        ChatInterceptor facts = chain -> {
            chain.context().put(CallAttributes.RETRY_COUNT, 2L);
            chain.context().put(CallAttributes.CACHE_HIT, false);
            chain.context().put(CallAttributes.FALLBACK_USED, true);
            return chain.proceed(chain.request()).withCost(Cost.of(new BigDecimal("0.000100"), BigDecimal.ZERO, new BigDecimal("0.000025")));
        };
        ChatRequest request = ChatRequest.of("hi").withOptions(ChatOptions.defaults()
                .withMetadata(ChatOptions.PROMPT_NAME, "greeting")
                .withMetadata(ChatOptions.PROMPT_VERSION, "3")
                .withMetadata(ChatOptions.PROMPT_HASH, "sha256:abc")
                .withMetadata("tenant", "acme"));

        pipeline(model, traces(false), facts).chat(request);

        JsonNode line = lines(out.toString()).get(0);
        assertThat(line.get("llmops.prompt.name").stringValue()).isEqualTo("greeting");
        assertThat(line.get("llmops.prompt.version").stringValue()).isEqualTo("3");
        assertThat(line.get("llmops.prompt.hash").stringValue()).isEqualTo("sha256:abc");
        assertThat(line.get("llmops.metadata").get("tenant").stringValue()).isEqualTo("acme");
        assertThat(line.get("llmops.cost_usd").decimalValue()).isEqualByComparingTo("0.000125");
        assertThat(line.get("llmops.retry.count").longValue()).isEqualTo(2);
        assertThat(line.get("llmops.cache.hit").booleanValue()).isFalse();
        assertThat(line.get("llmops.fallback.used").booleanValue()).isTrue();
    }

    @Test
    void leavesMessageContentOutByDefault() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("the secret answer").build();

        pipeline(model, traces(false)).chat("the private question");

        assertThat(out.toString()).doesNotContain("private question").doesNotContain("secret answer")
                .doesNotContain("gen_ai.input.messages").doesNotContain("gen_ai.output.messages");
    }

    @Test
    void includesContentInGenAiMessageShapeWhenAskedTo() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("Paris").build();

        pipeline(model, traces(true)).chat(ChatRequest.of(Message.system("Be brief."), Message.user("Capital?")));

        JsonNode line = lines(out.toString()).get(0);
        JsonNode input = line.get("gen_ai.input.messages");
        assertThat(input.get(0).get("role").stringValue()).isEqualTo("system");
        assertThat(input.get(1).get("role").stringValue()).isEqualTo("user");
        assertThat(input.get(1).get("parts").get(0).get("content").stringValue()).isEqualTo("Capital?");
        JsonNode output = line.get("gen_ai.output.messages").get(0);
        assertThat(output.get("parts").get(0).get("content").stringValue()).isEqualTo("Paris");
        assertThat(output.get("finish_reason").stringValue()).isEqualTo("stop");
    }

    @Test
    void neverWritesSecretsEvenWithContentIncluded() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("use " + OPENAI_KEY).build();
        ChatRequest request = ChatRequest.of("my key is " + OPENAI_KEY + " and " + BEARER)
                .withOptions(ChatOptions.defaults()
                        .withMetadata("note", "key " + OPENAI_KEY)
                        .withMetadata("header", BEARER)
                        .withMetadata("x-api-key", "plainvalue123"));

        pipeline(model, traces(true)).chat(request);

        String trace = out.toString();
        assertThat(trace).contains("gen_ai.input.messages")
                .doesNotContain(OPENAI_KEY)
                .doesNotContain("abcdefghijklmnop1234567890XYZ")
                .doesNotContain("plainvalue123");
    }

    @Test
    void scrubsSecretsFromErrorMessages() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .fail(new IllegalStateException("bad key " + OPENAI_KEY)).build();

        assertThatThrownBy(() -> pipeline(model, traces(false)).chat("hi")).isInstanceOf(IllegalStateException.class);

        assertThat(out.toString()).contains("[REDACTED:openai-key]").doesNotContain(OPENAI_KEY);
    }

    @Test
    void marksStreamedCallsAndWritesTheirLineOnCompletion() {
        ScriptedChatModel model = ScriptedChatModel.builder().streamReply("Par", "is").build();

        try (ChatStream stream = pipeline(model, traces(false)).stream(ChatRequest.of("Capital?"))) {
            assertThat(out.toString()).isEmpty();
            stream.collect();
        }

        List<JsonNode> lines = lines(out.toString());
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("gen_ai.request.stream").booleanValue()).isTrue();
        assertThat(lines.get(0).has("error.type")).isFalse();
    }

    @Test
    void writesAnErrorLineForAStreamClosedBeforeItCompleted() {
        ScriptedChatModel model = ScriptedChatModel.builder().streamReply("Par", "is").build();

        try (ChatStream stream = pipeline(model, traces(false)).stream(ChatRequest.of("Capital?"))) {
            stream.iterator().next();
        }

        JsonNode line = lines(out.toString()).get(0);
        assertThat(line.get("error.type").stringValue()).isEqualTo(StreamCancelledException.class.getName());
        assertThat(line.get("gen_ai.request.stream").booleanValue()).isTrue();
    }

    @Test
    void concurrentCallsProduceWholeLines() throws Exception {
        Writer slowWriter = new CharByCharWriter();
        TraceListener traces = TraceListener.builder().writer(slowWriter).clock(END_CLOCK).build();
        ScriptedChatModel model = ScriptedChatModel.builder()
                .responder(request -> new ChatResponse(dev.llmops.core.AssistantMessage.of("ok"), Usage.of(1, 1),
                        dev.llmops.core.FinishReason.STOP, "m", "scripted", Duration.ZERO, "id"))
                .build();
        ChatModel chat = pipeline(model, traces);
        int threads = 4;
        int callsPerThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < callsPerThread; i++) {
                    chat.chat("hello");
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<JsonNode> lines = lines(slowWriter.toString());
        assertThat(lines).hasSize(threads * callsPerThread);
        assertThat(lines).allSatisfy(line -> assertThat(line.get("gen_ai.operation.name").stringValue()).isEqualTo("chat"));
        assertThat(lines.stream().map(line -> line.get("llmops.call_id").stringValue()).distinct()).hasSize(threads * callsPerThread);
    }

    @Test
    void appendsToAFileOneFlushedLinePerCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("traces/chat.jsonl");
        ScriptedChatModel model = ScriptedChatModel.builder().reply("a").reply("b").reply("c").build();
        try (TraceListener first = TraceListener.builder().file(file).build()) {
            ChatModel chat = pipeline(model, first);
            chat.chat("1");
            chat.chat("2");
            assertThat(Files.readAllLines(file)).hasSize(2);
        }
        try (TraceListener second = TraceListener.builder().file(file).build()) {
            pipeline(model, second).chat("3");
        }

        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    @Test
    void writesUtf8ToAnOutputStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();

        pipeline(model, TraceListener.builder().outputStream(bytes).build()).chat("hi");

        assertThat(lines(bytes.toString(StandardCharsets.UTF_8))).hasSize(1);
    }

    @Test
    void refusesToBuildWithoutATarget() {
        assertThatThrownBy(() -> TraceListener.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("file(Path)");
    }

    @Test
    void recordsRedactionCountsPerKind() {
        ScriptedChatModel model = ScriptedChatModel.builder().reply("ok").build();
        ChatInterceptor redactor = chain -> {
            chain.context().put(CallAttributes.REDACTION_COUNT, java.util.Map.of("EMAIL", 2));
            return chain.proceed(chain.request());
        };

        pipeline(model, traces(false), redactor).chat("hi");

        assertThat(lines(out.toString()).get(0).get("llmops.redaction.count").get("EMAIL").intValue()).isEqualTo(2);
    }

    /** A writer that appends one character at a time, so unsynchronized writers would interleave lines. */
    private static final class CharByCharWriter extends Writer {
        private final StringBuffer buffer = new StringBuffer();

        @Override
        public void write(char[] chars, int off, int len) {
            for (int i = off; i < off + len; i++) {
                buffer.append(chars[i]);
                Thread.yield();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return buffer.toString();
        }
    }
}
