package dev.llmops.prompts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineDiffTest {
    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.unified("a", "x\ny\n", "b", "x\ny\n")).isEmpty();
    }

    @Test
    void oneChangedLineWithContext() {
        String a = String.join("\n", IntStream.rangeClosed(1, 10).mapToObj(i -> "line" + i).toList());
        String b = a.replace("line5", "LINE5");
        assertThat(LineDiff.unified("a", a, "b", b)).isEqualTo("""
                --- a
                +++ b
                @@ -3,5 +3,5 @@
                 line3
                 line4
                -line5
                +LINE5
                 line6
                 line7
                """);
    }

    @Test
    void distantChangesMakeTwoHunks() {
        List<String> lines = IntStream.rangeClosed(1, 20).mapToObj(i -> "l" + i).toList();
        String a = String.join("\n", lines);
        String b = a.replace("l2\n", "").replace("l18", "l18\nnew");
        String diff = LineDiff.unified("a", a, "b", b);
        assertThat(diff).contains("@@ -1,4 +1,3 @@\n l1\n-l2\n l3\n l4\n").contains("@@ -17,4 +16,5 @@\n l17\n l18\n+new\n l19\n l20\n");
    }
}
