package dev.llmops.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRedactorTest {
    @Test
    void replacesTheConfiguredKey() {
        assertThat(new KeyRedactor("my-proxy-token-1234").scrub("bad token my-proxy-token-1234 given"))
                .isEqualTo("bad token [REDACTED] given");
    }

    @Test
    void replacesAShortKeyToo() {
        assertThat(new KeyRedactor("abc").scrub("key abc rejected")).isEqualTo("key [REDACTED] rejected");
    }

    @Test
    void replacesKeyShapedStringsWithoutAConfiguredKey() {
        assertThat(new KeyRedactor(null).scrub("invalid x-api-key: sk-ant-api03-abcdefghijklmnopqrstuvwxyz"))
                .doesNotContain("abcdefghijklmnop").contains("[REDACTED");
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(new KeyRedactor("secret-key-99").scrub("Overloaded")).isEqualTo("Overloaded");
    }
}
