package dev.llmops.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {
    private static List<String> lines(NdjsonReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            lines.add(reader.line());
        }
        return lines;
    }

    @Test
    void readsLinesSkippingBlankOnesAndCarriageReturns() throws IOException {
        NdjsonReader reader = new NdjsonReader(new Buffer().writeUtf8("{\"a\":1}\r\n\n  \n{\"b\":\"é\"}\n{\"c\":3}"));
        assertThat(lines(reader)).containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}");
        assertThat(reader.rawTail()).isEqualTo("{\"a\":1}\r\n\n  \n{\"b\":\"é\"}\n{\"c\":3}");
    }

    @Test
    void keepsOnlyTheTailButCountsEverything() throws IOException {
        NdjsonReader reader = new NdjsonReader(new Buffer().writeUtf8("0123456789\nabcdefghij\nKLMNO\n"), 8);
        assertThat(lines(reader)).hasSize(3);
        assertThat(reader.rawTail()).isEqualTo("j\nKLMNO\n");
        assertThat(reader.rawLength()).isEqualTo(28);
    }

    @Test
    void lineBeforeNextIsAnError() {
        assertThatThrownBy(() -> new NdjsonReader(new Buffer()).line()).isInstanceOf(IllegalStateException.class);
    }
}
