package dev.llmops.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.AssistantMessage;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.FinishReason;
import dev.llmops.core.LlmopsException;
import dev.llmops.core.Message;
import dev.llmops.core.ProviderUnavailableException;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.Usage;
import dev.llmops.core.UserMessage;
import dev.llmops.core.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CassetteChatModelTest {
    /** Stands in for the real model in REPLAY: any call fails the test. */
    private static final ChatModel MUST_NOT_BE_CALLED = request -> {
        throw new AssertionError("the delegate was called during replay, for " + request);
    };

    @TempDir
    Path dir;

    private static ChatRequest question(String text) {
        return ChatRequest.of(Message.system("Answer with a number."), Message.user(text));
    }

    private Path cassette() {
        return dir.resolve("math.json");
    }

    private CassetteChatModel recorder(CassetteMode mode, ChatModel delegate) {
        return CassetteChatModel.builder().file(cassette()).mode(mode).delegate(delegate).build();
    }

    private CassetteChatModel replayer() {
        return CassetteChatModel.builder().file(cassette()).mode(CassetteMode.REPLAY).delegate(MUST_NOT_BE_CALLED).build();
    }

    private void record(ChatRequest request, String answer) {
        recorder(CassetteMode.RECORD_MISSING, ScriptedChatModel.builder().reply(answer).build()).chat(request);
    }

    private static List<StreamEvent> readAll(ChatStream stream) {
        List<StreamEvent> events = new ArrayList<>();
        try (stream) {
            stream.forEach(events::add);
        }
        return events;
    }

    private JsonNode cassetteJson() throws IOException {
        return Json.MAPPER.readTree(Files.readString(cassette()));
    }

    // ---------------------------------------------------------------- record and replay

    @Test
    void replaysARecordedBlockingCallWithoutCallingTheDelegate() {
        ChatResponse recorded = recorder(CassetteMode.RECORD, ScriptedChatModel.builder().reply("4").build())
                .chat(question("What is 2+2?"));

        ChatResponse replayed = replayer().chat(question("What is 2+2?"));

        assertThat(replayed).isEqualTo(recorded);
        assertThat(replayed.text()).isEqualTo("4");
    }

    @Test
    void replaysARecordedStreamInTheRecordedChunks() {
        List<StreamEvent> recorded = readAll(recorder(CassetteMode.RECORD,
                ScriptedChatModel.builder().streamReply("The answer", " is ", "4.").build()).stream(question("2+2?")));

        List<StreamEvent> replayed = readAll(replayer().stream(question("2+2?")));

        assertThat(replayed).isEqualTo(recorded);
        assertThat(replayed.subList(0, 3)).containsExactly(new StreamEvent.TextDelta("The answer"),
                new StreamEvent.TextDelta(" is "), new StreamEvent.TextDelta("4."));
    }

    @Test
    void replaysWithoutAnyDelegate() {
        record(question("2+2?"), "4");

        CassetteChatModel model = CassetteChatModel.builder().file(cassette()).mode(CassetteMode.REPLAY).build();

        assertThat(model.chat(question("2+2?")).text()).isEqualTo("4");
    }

    @Test
    void streamedRecordingAnswersABlockingCall() {
        readAll(recorder(CassetteMode.RECORD, ScriptedChatModel.builder().streamReply("4", "2").build()).stream(question("6*7?")));

        assertThat(replayer().chat(question("6*7?")).text()).isEqualTo("42");
    }

    @Test
    void blockingRecordingAnswersAStreamAsOneDelta() {
        record(question("6*7?"), "42");

        List<StreamEvent> events = readAll(replayer().stream(question("6*7?")));

        assertThat(events).hasSize(2).first().isEqualTo(new StreamEvent.TextDelta("42"));
    }

    @Test
    void recordMissingReplaysWhatMatchesAndRecordsTheRest() throws IOException {
        record(question("2+2?"), "4");
        ScriptedChatModel real = ScriptedChatModel.builder().reply("9").build();
        CassetteChatModel model = recorder(CassetteMode.RECORD_MISSING, real);

        assertThat(model.chat(question("2+2?")).text()).isEqualTo("4");
        assertThat(real.callCount()).isZero();
        assertThat(model.chat(question("3*3?")).text()).isEqualTo("9");
        assertThat(real.callCount()).isEqualTo(1);

        assertThat(cassetteJson().get("interactions")).hasSize(2);
        assertThat(replayer().chat(question("3*3?")).text()).isEqualTo("9");
    }

    @Test
    void recordRewritesTheCassetteWithOnlyThisRunsCalls() throws IOException {
        record(question("2+2?"), "4");
        record(question("3+3?"), "6");

        recorder(CassetteMode.RECORD, ScriptedChatModel.builder().reply("8").build()).chat(question("4+4?"));

        assertThat(cassetteJson().get("interactions")).hasSize(1);
        assertThat(replayer().chat(question("4+4?")).text()).isEqualTo("8");
    }

    @Test
    void recordCallsTheDelegateEvenWhenARecordingMatches() {
        record(question("2+2?"), "4");
        ScriptedChatModel real = ScriptedChatModel.builder().reply("four").build();

        assertThat(recorder(CassetteMode.RECORD, real).chat(question("2+2?")).text()).isEqualTo("four");
        assertThat(real.callCount()).isEqualTo(1);
    }

    @Test
    void repeatedRequestsReplayInRecordedOrderThenRepeatTheLast() {
        CassetteChatModel recording = recorder(CassetteMode.RECORD,
                ScriptedChatModel.builder().reply("first").reply("second").reply("third").build());
        for (int i = 0; i < 3; i++) {
            recording.chat(question("roll a die"));
        }

        CassetteChatModel replay = replayer();
        List<String> answers = Stream.generate(() -> replay.chat(question("roll a die")).text()).limit(4).toList();

        assertThat(answers).containsExactly("first", "second", "third", "third");
    }

    @Test
    void recordMissingRecordsAnotherAnswerOnceTheRecordingsOfARequestAreUsedUp() throws IOException {
        record(question("roll a die"), "3");
        ScriptedChatModel real = ScriptedChatModel.builder().reply("5").build();
        CassetteChatModel model = recorder(CassetteMode.RECORD_MISSING, real);

        assertThat(model.chat(question("roll a die")).text()).isEqualTo("3");
        assertThat(model.chat(question("roll a die")).text()).isEqualTo("5");
        assertThat(cassetteJson().get("interactions")).hasSize(2);
    }

    @Test
    void metadataDoesNotTakePartInMatching() {
        record(question("2+2?").withOptions(ChatOptions.of("m").withMetadata(ChatOptions.PROMPT_VERSION, "1")), "4");

        ChatRequest sameButRelabelled = question("2+2?").withOptions(ChatOptions.of("m").withMetadata(ChatOptions.PROMPT_VERSION, "2"));

        assertThat(replayer().chat(sameButRelabelled).text()).isEqualTo("4");
    }

    @Test
    void concurrentRecordingsAllReachTheCassette() throws Exception {
        ChatModel echo = request -> new ChatResponse(AssistantMessage.of("echo " + ((UserMessage)
                request.messages().get(1)).text()), Usage.ZERO, FinishReason.STOP, "m", "p", Duration.ZERO, "");
        CassetteChatModel model = recorder(CassetteMode.RECORD_MISSING, echo);
        int calls = 64;

        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<ChatResponse>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                ChatRequest request = question("q" + i);
                futures.add(pool.submit(() -> model.chat(request)));
            }
            for (Future<ChatResponse> future : futures) {
                future.get();
            }
        }

        assertThat(cassetteJson().get("interactions")).hasSize(calls);
        CassetteChatModel replay = replayer();
        for (int i = 0; i < calls; i++) {
            assertThat(replay.chat(question("q" + i)).text()).isEqualTo("echo q" + i);
        }
    }

    // ---------------------------------------------------------------- mismatches

    @Test
    void strictReplayOfAnUnrecordedRequestNamesTheClosestRecordingAndTheDifference() {
        record(question("What is 2+2?"), "4");

        assertThatThrownBy(() -> replayer().chat(question("What is 3+3?")))
                .isInstanceOf(CassetteMismatchException.class)
                .isInstanceOf(LlmopsException.class)
                .hasMessageContaining(cassette().toString())
                .hasMessageContaining("request #1")
                .hasMessageContaining("Closest recording: interactions[0], which differs in 1 place:")
                .hasMessageContaining("messages[1].parts[0].text: recorded \"What is 2+2?\" but requested \"What is 3+3?\"")
                .hasMessageContaining("-Dllmops.cassette.mode=RECORD_MISSING")
                .satisfies(e -> {
                    CassetteMismatchException mismatch = (CassetteMismatchException) e;
                    assertThat(mismatch.cassette()).isEqualTo(cassette());
                    assertThat(mismatch.closestInteraction()).hasValue(0);
                    assertThat(mismatch.differences()).containsExactly(
                            "messages[1].parts[0].text: recorded \"What is 2+2?\" but requested \"What is 3+3?\"");
                });
    }

    @Test
    void mismatchPicksTheRecordingWithTheFewestDifferences() {
        record(ChatRequest.of("Something else entirely").withModel("other"), "x");
        record(question("What is 2+2?"), "4");
        record(question("What is 5+5?").withModel("m"), "10");

        assertThatThrownBy(() -> replayer().chat(question("What is 3+3?")))
                .isInstanceOfSatisfying(CassetteMismatchException.class,
                        e -> assertThat(e.closestInteraction()).hasValue(1));
    }

    @Test
    void mismatchShowsAnOptionPresentOnOnlyOneSideAsAbsent() {
        record(question("2+2?").withOptions(ChatOptions.defaults().withTemperature(0.0)), "4");

        assertThatThrownBy(() -> replayer().chat(question("2+2?").withOptions(ChatOptions.defaults().withMaxTokens(5))))
                .isInstanceOfSatisfying(CassetteMismatchException.class, e -> assertThat(e.differences()).containsExactly(
                        "options.temperature: recorded 0.0 but requested (absent)",
                        "options.maxTokens: recorded (absent) but requested 5"));
    }

    @Test
    void mismatchShowsAnExtraMessage() {
        record(question("2+2?"), "4");

        ChatRequest longer = question("2+2?").withMessage(Message.assistant("4")).withMessage(Message.user("and 3+3?"));

        assertThatThrownBy(() -> replayer().chat(longer))
                .isInstanceOfSatisfying(CassetteMismatchException.class, e -> assertThat(e.differences()).containsExactly(
                        "messages[2]: recorded (absent) but requested {\"role\":\"assistant\",\"text\":\"4\",\"toolCalls\":[]}",
                        "messages[3]: recorded (absent) but requested {\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"and 3+3?\"}]}"));
    }

    @Test
    void mismatchShowsLongTextsAroundTheirFirstDifference() {
        String prefix = "word ".repeat(40);
        record(question(prefix + "apples"), "x");

        assertThatThrownBy(() -> replayer().chat(question(prefix + "pears")))
                .isInstanceOfSatisfying(CassetteMismatchException.class, e -> assertThat(e.differences().get(0))
                        .isEqualTo("messages[1].parts[0].text: recorded \"...word word word word word word apples\" (206 chars)"
                                + " but requested \"...word word word word word word pears\" (205 chars)"));
    }

    @Test
    void replayWithAMissingCassetteSaysItDoesNotExistAndHowToRecord() {
        assertThatThrownBy(() -> replayer().chat(question("2+2?")))
                .isInstanceOfSatisfying(CassetteMismatchException.class, e -> {
                    assertThat(e.closestInteraction()).isEmpty();
                    assertThat(e).hasMessageContaining("The cassette file does not exist.")
                            .hasMessageContaining("=RECORD_MISSING");
                });
    }

    // ---------------------------------------------------------------- errors

    @Test
    void recordsADelegateErrorAndReplaysItAsTheSameTypeWithItsFacts() {
        RateLimitedException limited = new RateLimitedException("openai", "rate_limit_exceeded", Duration.ofSeconds(20),
                Duration.ofSeconds(1), null, "Rate limit reached");
        CassetteChatModel recording = recorder(CassetteMode.RECORD, ScriptedChatModel.builder().fail(limited).build());
        assertThatThrownBy(() -> recording.chat(question("2+2?"))).isSameAs(limited);

        assertThatThrownBy(() -> replayer().chat(question("2+2?")))
                .isExactlyInstanceOf(RateLimitedException.class)
                .hasMessage("Rate limit reached")
                .satisfies(e -> {
                    RateLimitedException replayed = (RateLimitedException) e;
                    assertThat(replayed.provider()).isEqualTo("openai");
                    assertThat(replayed.statusCode()).isEqualTo(429);
                    assertThat(replayed.errorCode()).contains("rate_limit_exceeded");
                    assertThat(replayed.retryAfter()).contains(Duration.ofSeconds(20));
                    assertThat(replayed.resetRequests()).contains(Duration.ofSeconds(1));
                });
    }

    @Test
    void failedDelegateCallLeavesACompleteCassetteHoldingTheError() throws IOException {
        CassetteChatModel recording = recorder(CassetteMode.RECORD, ScriptedChatModel.builder()
                .fail(new ProviderUnavailableException("openai", 503, null, null, "down", null)).build());

        assertThatThrownBy(() -> recording.chat(question("2+2?"))).isInstanceOf(ProviderUnavailableException.class);

        JsonNode interaction = cassetteJson().get("interactions").get(0);
        assertThat(interaction.has("response")).isFalse();
        assertThat(interaction.at("/error/class").stringValue()).isEqualTo(ProviderUnavailableException.class.getName());
        assertThat(interaction.at("/error/statusCode").intValue()).isEqualTo(503);
    }

    @Test
    void recordsAStreamCutMidwayAndReplaysItsDeltasThenTheError() {
        CassetteChatModel recording = recorder(CassetteMode.RECORD, ScriptedChatModel.builder()
                .streamFailure(List.of("Hel", "lo"), new ProviderUnavailableException("openai", 0, null, null, "reset", null))
                .build());
        assertThatThrownBy(() -> readAll(recording.stream(question("greet")))).isInstanceOf(ProviderUnavailableException.class);

        List<StreamEvent> received = new ArrayList<>();
        Iterator<StreamEvent> replay = replayer().stream(question("greet")).iterator();

        assertThatThrownBy(() -> replay.forEachRemaining(received::add))
                .isExactlyInstanceOf(ProviderUnavailableException.class)
                .hasMessage("reset");
        assertThat(received).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"));
    }

    @Test
    void recordsAStreamThatFailedToOpenAndReplaysTheFailureFromStream() {
        CassetteChatModel recording = recorder(CassetteMode.RECORD, ScriptedChatModel.builder()
                .fail(new IllegalArgumentException("model not named")).build());
        assertThatThrownBy(() -> recording.stream(question("x"))).isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> replayer().stream(question("x")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("model not named");
    }

    @Test
    void doesNotRecordAStreamClosedBeforeItCompleted() {
        CassetteChatModel recording = recorder(CassetteMode.RECORD, ScriptedChatModel.builder().streamReply("a", "b").build());
        ChatStream stream = recording.stream(question("x"));
        stream.iterator().next();

        stream.close();

        assertThat(cassette()).doesNotExist();
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void keepsEveryKeyShapeOutOfTheCassette() throws IOException {
        List<String> secrets = List.of(
                "sk-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4",
                "sk-proj-" + "Ab12Cd34Ef56Gh78Ij90Kl12Mn34",
                "sk-ant-api03-" + "Zy98Xw76Vu54Ts32Rq10Po98Nm76",
                "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6q",
                "AKIA" + "IOSFODNN7EXAMPLE",
                "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
                "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnop",
                "xoxb-" + "1234567890-abcdefghij",
                "Bearer " + "abcdefghijklmnopqrstuvwxyz012345",
                "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");
        String prompt = "Here are my keys: " + String.join(" ", secrets);
        record(ChatRequest.of(prompt), "I will not repeat " + secrets.get(0));

        String file = Files.readString(cassette());

        for (String secret : secrets) {
            assertThat(file).doesNotContain(secret.replace("Bearer ", ""));
        }
        assertThat(file).contains("[REDACTED:openai-key]", "[REDACTED:anthropic-key]", "[REDACTED:google-key]",
                "[REDACTED:aws-key]", "[REDACTED:github-token]", "[REDACTED:slack-token]", "[REDACTED:jwt]",
                "Bearer [REDACTED]", "Here are my keys: ", "I will not repeat [REDACTED:openai-key]");
    }

    @Test
    void keepsARegisteredSecretOutOfRequestsResponsesAndErrors() throws IOException {
        String apiKey = "local-dev-key-0042";
        ScriptedChatModel real = ScriptedChatModel.builder()
                .reply("your key is " + apiKey)
                .fail(new IllegalStateException("401 for key " + apiKey))
                .build();
        CassetteChatModel model = CassetteChatModel.builder().file(cassette()).mode(CassetteMode.RECORD)
                .delegate(real).secret(apiKey).build();

        model.chat(ChatRequest.of("what is my key " + apiKey + "?"));
        assertThatThrownBy(() -> model.chat(ChatRequest.of("again"))).isInstanceOf(IllegalStateException.class);

        String file = Files.readString(cassette());
        assertThat(file).doesNotContain(apiKey)
                .contains("what is my key [REDACTED]?", "your key is [REDACTED]", "401 for key [REDACTED]");
    }

    @Test
    void redactsCredentialNamedMetadataAndKeepsTheRest() throws IOException {
        ChatOptions options = ChatOptions.defaults().withMetadata("Authorization", "Basic dXNlcjpwYXNz")
                .withMetadata("x-api-key", "plainvalue").withMetadata("team", "search");

        record(ChatRequest.of("hello").withOptions(options), "hi");

        JsonNode metadata = cassetteJson().at("/interactions/0/request/options/metadata");
        assertThat(metadata.get("Authorization").stringValue()).isEqualTo("[REDACTED]");
        assertThat(metadata.get("x-api-key").stringValue()).isEqualTo("[REDACTED]");
        assertThat(metadata.get("team").stringValue()).isEqualTo("search");
    }

    @Test
    void replayStillMatchesARequestHoldingASecret() {
        String openAiKey = "sk-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4";
        record(ChatRequest.of("validate " + openAiKey), "valid");

        assertThat(replayer().chat(ChatRequest.of("validate " + openAiKey)).text()).isEqualTo("valid");
    }

    @Test
    void replayStillMatchesARequestHoldingARegisteredSecret() {
        String secret = "tenant-secret-77";
        CassetteChatModel.builder().file(cassette()).mode(CassetteMode.RECORD).secret(secret)
                .delegate(ScriptedChatModel.builder().reply("ok").build()).build()
                .chat(ChatRequest.of("tenant " + secret));

        CassetteChatModel replay = CassetteChatModel.builder().file(cassette()).mode(CassetteMode.REPLAY).secret(secret).build();

        assertThat(replay.chat(ChatRequest.of("tenant " + secret)).text()).isEqualTo("ok");
    }

    @Test
    void ignoresAnUnsetSecret() {
        CassetteChatModel.Builder builder = CassetteChatModel.builder().file(cassette()).secret(null);

        assertThat(builder.mode(CassetteMode.REPLAY).build().mode()).isEqualTo(CassetteMode.REPLAY);
    }

    // ---------------------------------------------------------------- files

    @Test
    void writesAPrettyPrintedVersionedFileWithStableKeyOrder() throws IOException {
        record(question("2+2?"), "4");

        String text = Files.readString(cassette());

        assertThat(text).startsWith("{\n  \"version\" : 1,\n  \"interactions\" : [\n    {\n      \"request\" : {\n")
                .endsWith("}\n").doesNotContain("\r");
        assertThat(cassetteJson().at("/interactions/0").propertyNames()).containsExactly("request", "stream", "response");
    }

    @Test
    void recordingTheSameCallsAgainWritesTheSameBytes() throws IOException {
        ChatResponse response = new ChatResponse(AssistantMessage.of("4"), Usage.of(5, 1), FinishReason.STOP, "m", "p",
                Duration.ofMillis(10), "id");
        recorder(CassetteMode.RECORD, ScriptedChatModel.builder().reply(response).build()).chat(question("2+2?"));
        String first = Files.readString(cassette());

        recorder(CassetteMode.RECORD, ScriptedChatModel.builder().reply(response).build()).chat(question("2+2?"));

        assertThat(Files.readString(cassette())).isEqualTo(first);
    }

    @Test
    void leavesACompleteFileAndNoTemporaryFilesAfterEachRecording() throws IOException {
        CassetteChatModel model = recorder(CassetteMode.RECORD,
                ScriptedChatModel.builder().reply("1").streamReply("2", "3").reply("4").build());

        for (int i = 1; i <= 3; i++) {
            if (i == 2) {
                readAll(model.stream(question("q" + i)));
            } else {
                model.chat(question("q" + i));
            }
            assertThat(cassetteJson().get("interactions")).hasSize(i);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).containsExactly(cassette());
            }
        }
    }

    @Test
    void createsMissingFoldersForANamedCassette() {
        CassetteChatModel model = CassetteChatModel.builder().directory(dir).name("suite/case-1")
                .mode(CassetteMode.RECORD).delegate(ScriptedChatModel.builder().reply("x").build()).build();

        model.chat("hi");

        assertThat(model.file()).isEqualTo(dir.resolve("suite/case-1.json"));
        assertThat(dir.resolve("suite/case-1.json")).isRegularFile();
    }

    @Test
    void anUnwritableLocationFailsNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("blocker"), "a file where a folder should be");
        Path file = dir.resolve("blocker/cassette.json");
        CassetteChatModel model = CassetteChatModel.builder().file(file).mode(CassetteMode.RECORD)
                .delegate(ScriptedChatModel.builder().reply("x").build()).build();

        assertThatThrownBy(() -> model.chat("hi"))
                .isInstanceOfSatisfying(CassetteException.class, e -> assertThat(e.cassette()).isEqualTo(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("could not be written");
    }

    @Test
    void aRecordingThatCouldNotBeWrittenIsForgotten() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where a folder should be");
        Path file = dir.resolve("blocker/cassette.json");
        CassetteChatModel model = CassetteChatModel.builder().file(file).mode(CassetteMode.RECORD_MISSING)
                .delegate(ScriptedChatModel.builder().reply("lost").reply("kept").build()).build();
        assertThatThrownBy(() -> model.chat("first")).isInstanceOf(CassetteException.class);
        Files.delete(blocker);

        model.chat("second");

        JsonNode interactions = Json.MAPPER.readTree(Files.readString(file)).get("interactions");
        assertThat(interactions).hasSize(1);
        assertThat(interactions.get(0).at("/response/message/text").stringValue()).isEqualTo("kept");
    }

    @Test
    void aCassetteThatIsNotJsonFailsNamingTheFile() throws IOException {
        Files.writeString(cassette(), "{\"version\": 1, \"interactions\": [");

        assertThatThrownBy(this::replayer)
                .isInstanceOf(CassetteException.class)
                .hasMessageContaining(cassette().toString())
                .hasMessageContaining("is malformed: it is not valid JSON");
    }

    @Test
    void anEmptyCassetteFileFailsNamingTheFile() throws IOException {
        Files.writeString(cassette(), "");

        assertThatThrownBy(this::replayer)
                .isInstanceOf(CassetteException.class)
                .hasMessageContaining(cassette() + " is malformed");
    }

    @Test
    void aCassetteOfANewerVersionFailsNamingTheFileAndTheFix() throws IOException {
        Files.writeString(cassette(), "{\"version\": 99, \"interactions\": []}");

        assertThatThrownBy(this::replayer)
                .isInstanceOf(CassetteException.class)
                .hasMessageContaining(cassette().toString())
                .hasMessageContaining("has format version 99, but this llmops reads versions up to 1")
                .hasMessageContaining("upgrade llmops");
    }

    @Test
    void aCassetteWithoutAVersionIsMalformed() throws IOException {
        Files.writeString(cassette(), "{\"interactions\": []}");

        assertThatThrownBy(this::replayer).hasMessageContaining("it has no 'version'");
    }

    @Test
    void aBadInteractionIsNamedByItsIndexAndPath() throws IOException {
        record(question("2+2?"), "4");
        String broken = Files.readString(cassette()).replace("\"inputTokens\" : ", "\"inputTokens\" : \"many\", \"was\" : ");
        Files.writeString(cassette(), broken);

        assertThatThrownBy(this::replayer)
                .isInstanceOf(CassetteException.class)
                .hasMessageContaining("is malformed: at interactions[0].response.usage.inputTokens: expected an integer");
    }

    @Test
    void recordModeDoesNotReadTheOldCassette() throws IOException {
        Files.writeString(cassette(), "not json at all");

        CassetteChatModel model = recorder(CassetteMode.RECORD, ScriptedChatModel.builder().reply("x").build());

        assertThat(model.chat("hi").text()).isEqualTo("x");
        assertThat(cassetteJson().get("version").intValue()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- builder

    @Test
    void resolvesANameAgainstTheDefaultFolder() {
        CassetteChatModel model = CassetteChatModel.builder().name("weather").mode(CassetteMode.REPLAY).build();

        assertThat(model.file()).isEqualTo(Path.of("src/test/resources/cassettes/weather.json"));
    }

    @Test
    void rejectsANameThatLeavesTheFolder() {
        assertThatThrownBy(() -> CassetteChatModel.builder().name("../secrets"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cassette name '../secrets' is invalid");
    }

    @Test
    void refusesToBuildWithoutACassette() {
        assertThatThrownBy(() -> CassetteChatModel.builder().mode(CassetteMode.REPLAY).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no cassette named");
    }

    @Test
    void refusesToRecordWithoutADelegate() {
        assertThatThrownBy(() -> CassetteChatModel.builder().file(cassette()).mode(CassetteMode.RECORD_MISSING).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mode RECORD_MISSING")
                .hasMessageContaining("delegate(realModel)");
    }

    @Test
    void readsItsModeFromTheSystemPropertyByDefault() {
        String before = System.getProperty(CassetteMode.PROPERTY);
        System.setProperty(CassetteMode.PROPERTY, "record-missing");
        try {
            CassetteChatModel model = CassetteChatModel.builder().file(cassette())
                    .delegate(ScriptedChatModel.builder().build()).build();

            assertThat(model.mode()).isEqualTo(CassetteMode.RECORD_MISSING);
        } finally {
            if (before == null) {
                System.clearProperty(CassetteMode.PROPERTY);
            } else {
                System.setProperty(CassetteMode.PROPERTY, before);
            }
        }
    }
}
