package dev.llmops.prompts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void ordersNumericPartsByValue() {
        List<String> versions = new ArrayList<>(List.of("10", "2", "1.10", "1.2", "1.2-rc1", "1", "v3"));
        versions.sort(Versions.ORDER);
        assertThat(versions).containsExactly("v3", "1", "1.2", "1.2-rc1", "1.10", "2", "10");
    }
}
