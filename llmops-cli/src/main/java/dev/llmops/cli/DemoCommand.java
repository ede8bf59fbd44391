package dev.llmops.cli;

import dev.llmops.core.CallContext;
import dev.llmops.core.ChatListener;
import dev.llmops.core.ChatModel;
import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatPipeline;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.Message;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.StructuredOutput;
import dev.llmops.core.StructuredResponse;
import dev.llmops.core.RateLimitedException;
import dev.llmops.core.Usage;
import dev.llmops.core.UserMessage;
import dev.llmops.core.cost.Budget;
import dev.llmops.core.cost.BudgetExceededException;
import dev.llmops.core.cost.CostTracker;
import dev.llmops.core.resilience.Retry;
import dev.llmops.core.testing.CassetteChatModel;
import dev.llmops.core.testing.CassetteMode;
import dev.llmops.core.testing.ScriptedChatModel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code llmops demo}: the core API end to end, offline. A scripted model stands in for a provider; every
 * call goes through a {@link ChatPipeline} with a listener, as a real one would.
 *
 * <p>Not thread-safe; one instance per invocation.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the core API end to end offline: a plain call, a streamed call, structured output "
                + "into a record, a recorded then replayed cassette, and a call operated by retry, cost and budget.")
final class DemoCommand implements Callable<Integer> {

    /** The record the structured-output step asks for. */
    record City(@NotBlank String name, @NotBlank String country, @PositiveOrZero long population) {
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--keep-cassette", paramLabel = "DIR",
            description = "Write the demo cassette into DIR and keep it (default: a temporary folder, deleted afterwards).")
    private Path cassetteDirectory;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        ScriptedChatModel scripted = ScriptedChatModel.builder()
                .reply("Paris.")
                .streamReply("Streaming ", "hands you ", "the answer ", "as it is ", "produced.")
                .reply("{\"name\":\"Paris\",\"country\":\"France\",\"population\":-1}")
                .reply("{\"name\":\"Paris\",\"country\":\"France\",\"population\":2102650}")
                .reply("Cassettes let tests replay real answers offline.")
                .build();
        Tally tally = new Tally();
        ChatModel model = ChatPipeline.builder(scripted).listener(tally).build();
        ChatOptions options = ChatOptions.of("demo-model").withTemperature(0.0);

        out.println("llmops demo: the core API end to end, offline, against a scripted model (no network, no API key).");
        out.println("Every call goes through " + model + ".");
        out.println();

        out.println("1. A plain call");
        ChatRequest question = ChatRequest.of(Message.system("Answer in one word."), Message.user("What is the capital of France?"))
                .withOptions(options);
        ChatResponse answer = model.chat(question);
        out.printf("   asked    : %s%n", ((UserMessage) question.messages().get(1)).text());
        out.printf("   answered : %s  [%s, finish %s, %d input + %d output tokens]%n", answer.text(), answer.model(),
                answer.finishReason(), answer.usage().inputTokens(), answer.usage().outputTokens());
        out.println();

        out.println("2. A streamed call");
        List<String> deltas = new ArrayList<>();
        ChatResponse streamed;
        try (ChatStream stream = model.stream(ChatRequest.of("Explain streaming in a sentence.").withOptions(options))) {
            streamed = stream.collect(event -> {
                if (event instanceof StreamEvent.TextDelta delta) {
                    deltas.add(delta.text());
                }
            });
        }
        out.printf("   %d deltas : %s%n", deltas.size(), String.join("|", deltas));
        out.printf("   completed: %s  [finish %s]%n", streamed.text(), streamed.finishReason());
        out.println();

        out.println("3. Structured output into a record");
        out.println("   type     : City(@NotBlank name, @NotBlank country, @PositiveOrZero population)");
        StructuredResponse<City> city = StructuredOutput.defaults()
                .chat(model, ChatRequest.of("Describe Paris as JSON.").withOptions(options), City.class);
        out.printf("   attempt 1: %s%n", "{\"name\":\"Paris\",\"country\":\"France\",\"population\":-1}");
        for (String violation : violationsSentBack(scripted)) {
            out.printf("              rejected, sent back to the model: %s%n", violation);
        }
        out.printf("   attempt %d: %s%n", city.attempts(), city.value());
        out.println();

        out.println("4. Record, then replay, a cassette");
        Path directory = cassetteDirectory != null ? Files.createDirectories(cassetteDirectory)
                : Files.createTempDirectory("llmops-demo-");
        try {
            String fakeKey = "sk-proj-" + "DEMO".repeat(8);
            ChatRequest withSecret = ChatRequest.of("Why record LLM calls? (my key is " + fakeKey + ")").withOptions(options);
            CassetteChatModel recorder = CassetteChatModel.builder().directory(directory).name("demo")
                    .mode(CassetteMode.RECORD).delegate(model).build();
            ChatResponse recorded = recorder.chat(withSecret);
            String cassette = Files.readString(recorder.file());
            out.printf("   recorded : \"%s\" to %s%n", recorded.text(), recorder.file());
            out.printf("   scrubbed : the key in the request was written as %s%n",
                    cassette.contains(fakeKey) ? "IS STILL THERE (bug)" : placeholderIn(cassette));
            long callsBefore = scripted.callCount();
            CassetteChatModel replayer = CassetteChatModel.builder().directory(directory).name("demo")
                    .mode(CassetteMode.REPLAY).build();
            ChatResponse replayed = replayer.chat(withSecret);
            out.printf("   replayed : \"%s\" with no model behind it (scripted model calls: %d before, %d after)%n",
                    replayed.text(), callsBefore, scripted.callCount());
        } finally {
            if (cassetteDirectory == null) {
                Folders.deleteRecursively(directory);
            }
        }
        out.println();

        operate(out);

        out.printf("Listener tally: %d calls through the pipeline, %d tokens (the scripted model estimates 4 characters a token).%n",
                tally.calls.get(), tally.tokens.get());
        out.println("Next: ./llmops --help, and README.md for real providers (OpenAI, Azure OpenAI, vLLM, Ollama, LM Studio).");
        return 0;
    }

    /** Step 5: a 429 retried after the wait the provider asked for, the answer priced, a budget refusing to overspend. */
    private static void operate(PrintWriter out) {
        out.println("5. Operate it: retry a 429, price the answer, stop at a budget");
        ScriptedChatModel provider = ScriptedChatModel.builder()
                .fail(new RateLimitedException("scripted", "rate_limit_exceeded", Duration.ofMillis(300), null, null,
                        "Rate limit reached for requests"))
                .reply("Retries that honour Retry-After.").withUsage(new Usage(1_200, 300, 0))
                .reply("never sent")
                .build();
        CostTracker costs = CostTracker.builder().budget(Budget.of("demo", "0.0005")).build();
        ChatModel operated = ChatPipeline.builder(provider).interceptor(costs).interceptor(Retry.defaults()).build();
        ChatOptions gpt4oMini = ChatOptions.of("gpt-4o-mini").withTemperature(0.0);
        out.println("   pipeline : " + operated);

        long start = System.nanoTime();
        ChatResponse answer = operated.chat(ChatRequest.of("What should retries honour?").withOptions(gpt4oMini.withMaxTokens(400)));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        out.printf("   answered : \"%s\" after a 429 asking for 300 ms; retried once, %d ms later (model called %d times)%n",
                answer.text(), waitedMillis, provider.callCount());
        out.printf("   cost     : $%s for %d input + %d output tokens of gpt-4o-mini (bundled price table)%n",
                answer.cost().total().toPlainString(), answer.usage().inputTokens(), answer.usage().outputTokens());
        try {
            operated.chat(ChatRequest.of("Write a long essay.").withOptions(gpt4oMini.withMaxTokens(1_000)));
            out.println("   budget   : NOT ENFORCED (bug)");
        } catch (BudgetExceededException e) {
            out.printf("   budget   : refused before sending (model still called %d times): %s%n", provider.callCount(),
                    e.getMessage());
        }
        out.println();
    }

    /** The violation lines of the correction request the structured-output step sent to the model. */
    private static List<String> violationsSentBack(ScriptedChatModel scripted) {
        ChatRequest correction = scripted.requests().get(3);
        String text = ((UserMessage) correction.messages().get(correction.messages().size() - 1)).text();
        return text.lines().filter(line -> line.startsWith("- ")).map(line -> line.substring(2)).toList();
    }

    private static String placeholderIn(String cassette) {
        int start = cassette.indexOf("[REDACTED");
        return start < 0 ? "(no placeholder found)" : cassette.substring(start, cassette.indexOf(']', start) + 1);
    }

    /** Counts calls and tokens; an example of a listener. */
    private static final class Tally implements ChatListener {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong tokens = new AtomicLong();

        @Override
        public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
            calls.incrementAndGet();
            tokens.addAndGet(response.usage().totalTokens());
        }
    }
}
