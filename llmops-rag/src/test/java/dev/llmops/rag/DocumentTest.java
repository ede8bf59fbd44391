package dev.llmops.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentTest {

    @Test
    void aBlankIdIsRefused() {
        assertThatThrownBy(() -> Document.of(" ", "text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id is blank");
    }

    @Test
    void anEmptyOrWhitespaceDocumentIsRefusedNamingIt() {
        assertThatThrownBy(() -> Document.of("doc-7", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'doc-7' has no text");
        assertThatThrownBy(() -> Document.of("doc-8", " \n\t")).hasMessageContaining("only whitespace");
    }

    @Test
    void metadataIsCopied() {
        var meta = new HashMap<String, String>(Map.of("a", "1"));
        var doc = new Document("d", "text", meta);
        meta.put("b", "2");
        assertThat(doc.metadata()).containsExactly(Map.entry("a", "1"));
        assertThat(doc.withMetadata("b", "2").metadata()).containsEntry("b", "2").containsEntry("a", "1");
    }

    @Test
    void aChunkWhoseOffsetsDoNotSpanItsTextIsRefused() {
        assertThatThrownBy(() -> new Chunk("d", 0, "abc", 5, 7, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[5, 7)");
        assertThatThrownBy(() -> new Chunk("d", -1, "abc", 0, 3, Map.of())).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Chunk("d", 0, "", 0, 0, Map.of())).hasMessageContaining("empty");
    }
}
