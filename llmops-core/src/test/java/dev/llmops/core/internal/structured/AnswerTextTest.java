package dev.llmops.core.internal.structured;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerTextTest {

    @Test
    void bareJsonIsStrippedOfSurroundingWhitespace() {
        assertThat(AnswerText.json("\n  {\"a\":1}  \n")).isEqualTo("{\"a\":1}");
    }

    @Test
    void fenceWithLanguageTagIsRemoved() {
        assertThat(AnswerText.json("```json\n{\"a\":1}\n```")).isEqualTo("{\"a\":1}");
    }

    @Test
    void fenceWithoutLanguageTagIsRemoved() {
        assertThat(AnswerText.json("```\n{\"a\":1}\n```")).isEqualTo("{\"a\":1}");
    }

    @Test
    void fenceOnOneLineIsRemoved() {
        assertThat(AnswerText.json("```json {\"a\":1}```")).isEqualTo("{\"a\":1}");
    }

    @Test
    void fenceWithoutClosingMarkerIsRemoved() {
        assertThat(AnswerText.json("```json\n{\"a\":1}\n")).isEqualTo("{\"a\":1}");
    }

    @Test
    void backticksInsideTheJsonAreKept() {
        assertThat(AnswerText.json("```json\n{\"code\":\"```x```\"}\n```")).isEqualTo("{\"code\":\"```x```\"}");
    }

    @Test
    void proseAroundAFenceIsLeftForTheParserToReject() {
        String answer = "Here it is:\n```json\n{\"a\":1}\n```";

        assertThat(AnswerText.json(answer)).isEqualTo(answer);
    }
}
