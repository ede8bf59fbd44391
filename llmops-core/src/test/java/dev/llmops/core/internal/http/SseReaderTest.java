package dev.llmops.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<String> readAll(String text) throws IOException {
        SseReader reader = new SseReader(new Buffer().writeUtf8(text));
        List<String> events = new ArrayList<>();
        while (reader.next()) {
            events.add(reader.event() + "|" + reader.data());
        }
        return events;
    }

    @Test
    void readsDataEventsSeparatedByBlankLines() throws IOException {
        assertThat(readAll("data: {\"a\":1}\n\ndata: {\"a\":2}\n\n"))
                .containsExactly("message|{\"a\":1}", "message|{\"a\":2}");
    }

    @Test
    void ignoresCommentsAndExtraBlankLines() throws IOException {
        assertThat(readAll(": keep-alive\n\n\n: OPENROUTER PROCESSING\ndata: x\n\n\n\n"))
                .containsExactly("message|x");
    }

    @Test
    void readsTheEventType() throws IOException {
        assertThat(readAll("event: message_start\ndata: {}\n\nevent: ping\ndata: {}\n\ndata: plain\n\n"))
                .containsExactly("message_start|{}", "ping|{}", "message|plain");
    }

    @Test
    void joinsMultipleDataLinesWithNewlines() throws IOException {
        assertThat(readAll("data: one\ndata: two\ndata:three\n\n")).containsExactly("message|one\ntwo\nthree");
    }

    @Test
    void acceptsCarriageReturnLineFeeds() throws IOException {
        assertThat(readAll("data: a\r\n\r\nid: 7\r\nretry: 100\r\ndata: b\r\n\r\n")).containsExactly("message|a", "message|b");
    }

    @Test
    void keepsOnlyOneLeadingSpaceOfTheValue() throws IOException {
        assertThat(readAll("data:  two spaces\n\n")).containsExactly("message| two spaces");
    }

    @Test
    void readsDataWithoutColonAsEmpty() throws IOException {
        assertThat(readAll("data\n\n")).containsExactly("message|");
    }

    @Test
    void discardsAnEventCutOffByTheEndOfInput() throws IOException {
        assertThat(readAll("data: whole\n\ndata: {\"cut")).containsExactly("message|whole");
    }

    @Test
    void discardsAnEventWithoutItsBlankLine() throws IOException {
        assertThat(readAll("data: whole\n\ndata: complete line but no blank\n")).containsExactly("message|whole");
    }

    @Test
    void keepsTheRawTailIncludingACutOffLine() throws IOException {
        SseReader reader = new SseReader(new Buffer().writeUtf8("data: one\n\n: ping\ndata: {\"cut"));
        assertThat(reader.next()).isTrue();
        assertThat(reader.next()).isFalse();
        assertThat(reader.rawTail()).isEqualTo("data: one\n\n: ping\ndata: {\"cut");
    }

    @Test
    void boundsTheRawTail() throws IOException {
        Buffer input = new Buffer();
        for (int i = 0; i < 1000; i++) {
            input.writeUtf8("data: chunk-" + i + "\n\n");
        }
        SseReader reader = new SseReader(input, 40);
        int events = 0;
        while (reader.next()) {
            events++;
        }
        assertThat(events).isEqualTo(1000);
        assertThat(reader.rawTail()).hasSize(40).endsWith("data: chunk-999\n\n");
        assertThat(reader.rawLength()).isGreaterThan(10_000);
    }

    @Test
    void readsMultiByteCharacters() throws IOException {
        assertThat(readAll("data: héllo wörld 你好 🎉\n\n")).containsExactly("message|héllo wörld 你好 🎉");
    }

    @Test
    void dataBeforeTheFirstEventFails() {
        SseReader reader = new SseReader(new Buffer());
        assertThatThrownBy(reader::data).isInstanceOf(IllegalStateException.class).hasMessageContaining("next()");
    }

    @Test
    void countsAndKeepsCharactersNotBytes() throws Exception {
        String text = "data: caf\u00e9 \u2603 \ud83e\udd8a\r\n\r\ndata: [DONE]\n\n";
        SseReader reader = new SseReader(new Buffer().writeUtf8(text), 12);
        assertThat(reader.next()).isTrue();
        assertThat(reader.data()).isEqualTo("caf\u00e9 \u2603 \ud83e\udd8a");
        assertThat(reader.dataEquals("[DONE]")).isFalse();
        assertThat(reader.next()).isTrue();
        assertThat(reader.dataEquals("[DONE]")).isTrue();
        assertThat(new String(reader.dataBytes(), 0, reader.dataLength(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("[DONE]");
        String normalized = "data: caf\u00e9 \u2603 \ud83e\udd8a\n\ndata: [DONE]\n\n";
        assertThat(reader.rawLength()).isEqualTo(normalized.length());
        assertThat(reader.rawTail()).isEqualTo(normalized.substring(normalized.length() - 12));
        assertThat(reader.next()).isFalse();
    }

    @Test
    void keepsTheLastCharactersOfALongMultiByteStream() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            text.append("data: \u00e9").append(i).append("\ud83e\udd8a\u2603\n\n");
        }
        for (int limit : new int[] {1, 2, 3, 7, 100}) {
            SseReader reader = new SseReader(new Buffer().writeUtf8(text.toString()), limit);
            while (reader.next()) {
                assertThat(reader.data()).startsWith("\u00e9");
            }
            assertThat(reader.rawLength()).isEqualTo(text.length());
            assertThat(reader.rawTail()).isEqualTo(text.substring(text.length() - limit));
        }
    }
}
