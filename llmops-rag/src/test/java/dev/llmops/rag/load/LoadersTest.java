package dev.llmops.rag.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.rag.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadersTest {
    @TempDir
    Path dir;

    @Test
    void textIsLoadedWholeWithItsSource() throws Exception {
        Path f = Files.writeString(dir.resolve("a.txt"), "Hello plain text.\nSecond line.");
        Document d = Loaders.text().load(f).get(0);
        assertThat(d.id()).isEqualTo(f.toString());
        assertThat(d.text()).isEqualTo("Hello plain text.\nSecond line.");
        assertThat(d.metadata()).containsEntry(Loaders.SOURCE, f.toString()).containsEntry(Loaders.CONTENT_TYPE, "text/plain");
    }

    @Test
    void markdownTakesItsTitleFromTheFirstHeading() throws Exception {
        Path f = Files.writeString(dir.resolve("g.md"), "intro\n# Key rotation\n\nRotate keys monthly.\n## Details\n");
        assertThat(Loaders.markdown().load(f).get(0).metadata()).containsEntry(Loaders.TITLE, "Key rotation");
    }

    @Test
    void htmlKeepsVisibleTextAndTitleAndDropsScripts() throws Exception {
        Path f = Files.writeString(dir.resolve("p.html"), "<html><head><title> Guide </title><style>p{}</style></head>"
                + "<body><h1>Heading</h1><p>First <b>para</b>.</p><script>var x = 1;</script><p>Second.</p></body></html>");
        Document d = Loaders.html().load(f).get(0);
        assertThat(d.text()).contains("Heading").contains("First para.").contains("Second.").doesNotContain("var x");
        assertThat(d.metadata()).containsEntry(Loaders.TITLE, "Guide").containsEntry(Loaders.CONTENT_TYPE, "text/html");
    }

    @Test
    void pdfTextAndPageCountAreRead() throws Exception {
        Path f = dir.resolve("r.pdf");
        try (var pdf = new PDDocument()) {
            for (String line : List.of("Quarterly report page one", "Revenue grew on page two")) {
                var page = new PDPage();
                pdf.addPage(page);
                try (var content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(line);
                    content.endText();
                }
            }
            pdf.getDocumentInformation().setTitle("Q3");
            pdf.save(f.toFile());
        }
        Document d = Loaders.pdf().load(f).get(0);
        assertThat(d.text()).contains("Quarterly report page one").contains("Revenue grew on page two");
        assertThat(d.metadata()).containsEntry("pages", "2").containsEntry(Loaders.TITLE, "Q3");
    }

    @Test
    void aFileThatIsNotAPdfIsAClearError() throws Exception {
        Path f = Files.writeString(dir.resolve("fake.pdf"), "not a pdf");
        assertThatThrownBy(() -> Loaders.pdf().load(f)).isInstanceOf(LoadException.class).hasMessageContaining("fake.pdf");
    }

    @Test
    void jsonLinesGiveOneDocumentPerLineWithOtherFieldsAsMetadata() throws Exception {
        Path f = Files.writeString(dir.resolve("c.jsonl"), "{\"id\":\"1\",\"text\":\"one\",\"year\":2020}\n\n"
                + "{\"id\":\"2\",\"text\":\"two\",\"lang\":\"en\",\"tags\":[\"x\"]}\n");
        List<Document> docs = Loaders.jsonLines("id", "text").load(f);
        assertThat(docs).extracting(Document::id).containsExactly("1", "2");
        assertThat(docs.get(0).metadata()).containsEntry("year", "2020");
        assertThat(docs.get(1).metadata()).containsEntry("lang", "en").doesNotContainKey("tags");
    }

    @Test
    void aJsonLineWithoutTextNamesTheLine() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.jsonl"), "{\"id\":\"1\",\"text\":\"one\"}\n{\"id\":\"2\"}\n");
        assertThatThrownBy(() -> Loaders.jsonLines("id", "text").load(f)).isInstanceOf(LoadException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void anEmptyFileIsAnErrorNotAnEmptyDocument() throws Exception {
        Path f = Files.writeString(dir.resolve("empty.txt"), "  \n");
        assertThatThrownBy(() -> Loaders.text().load(f)).isInstanceOf(LoadException.class).hasMessageContaining("no text");
    }

    @Test
    void directoryPicksLoadersByExtensionAndSkipsOthers() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "alpha");
        Files.writeString(dir.resolve("b.md"), "# B\nbeta");
        Files.writeString(dir.resolve("c.bin"), "ignored");
        assertThat(Loaders.directory(dir)).extracting(d -> d.metadata().get(Loaders.CONTENT_TYPE))
                .containsExactly("text/plain", "text/markdown");
        assertThatThrownBy(() -> Loaders.forFile(dir.resolve("c.bin"))).isInstanceOf(LoadException.class)
                .hasMessageContaining("supported");
    }
}
