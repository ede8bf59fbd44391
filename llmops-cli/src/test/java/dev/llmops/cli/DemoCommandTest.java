package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void demoRunsEveryStepOfTheCoreApi(@TempDir Path cassettes) throws Exception {
        int status = run("demo", "--keep-cassette", cassettes.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("answered : Paris.  [demo-model, finish STOP")
                .contains("5 deltas : Streaming |hands you |the answer |as it is |produced.")
                .contains("rejected, sent back to the model: population: must be greater than or equal to 0 (was -1)")
                .contains("attempt 2: City[name=Paris, country=France, population=2102650]")
                .contains("scrubbed : the key in the request was written as [REDACTED:openai-key]")
                .contains("(scripted model calls: 5 before, 5 after)")
                .contains("Listener tally: 5 calls through the pipeline")
                .contains("after a 429 asking for 300 ms; retried once")
                .contains("(model called 2 times)")
                .contains("cost     : $0.00036 for 1200 input + 300 output tokens of gpt-4o-mini")
                .contains("budget   : refused before sending (model still called 2 times)");
        String cassette = Files.readString(cassettes.resolve("demo.json"));
        assertThat(cassette).contains("Cassettes let tests replay real answers offline.").doesNotContain("DEMODEMO");
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("Usage: llmops").contains("demo");
    }

    @Test
    void anUnknownCommandFailsWithUsage() {
        assertThat(run("nonsense")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'nonsense'");
    }
}
