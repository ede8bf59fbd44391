package dev.llmops.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ResponseFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptFileTest {

    static String file(String front, String body) {
        return "---\n" + front + "---\n" + body;
    }

    @Test
    void readsFrontMatterFields() {
        Prompt p = Prompts.parse(file("""
                name: greet
                version: 1.2.0
                description: Greets.
                author: ana
                message: First.
                model:
                  id: gpt-4o-mini
                  parameters: {temperature: 0.3, top_p: 0.9, max_tokens: 20, stop: [END], seed: 7}
                inputs:
                  who: {type: string, description: the person}
                  times: {type: integer, default: 1}
                tags: [demo]
                """, "user:\nHello {{who}} x{{times}}\n"), "greet.prompt", false);
        assertThat(p.id()).isEqualTo("greet@1.2.0");
        assertThat(p.description()).isEqualTo("Greets.");
        assertThat(p.author()).isEqualTo("ana");
        assertThat(p.message()).isEqualTo("First.");
        assertThat(p.tags()).containsExactly("demo");
        assertThat(p.options().model()).isEqualTo("gpt-4o-mini");
        assertThat(p.options().temperature()).isEqualTo(0.3);
        assertThat(p.options().topP()).isEqualTo(0.9);
        assertThat(p.options().maxTokens()).isEqualTo(20);
        assertThat(p.options().stop()).containsExactly("END");
        assertThat(p.options().seed()).isEqualTo(7L);
        assertThat(p.variables()).extracting(Variable::name, Variable::type, Variable::required)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("who", VariableType.STRING, true),
                        org.assertj.core.groups.Tuple.tuple("times", VariableType.INTEGER, false));
        assertThat(p.variables().get(0).line()).isEqualTo(11);
        assertThat(p.hash()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void hashIgnoresLineEndings() {
        String text = file("name: a\nversion: '1'\n", "hi\n");
        assertThat(Prompts.parse(text.replace("\n", "\r\n"), "a", false).hash())
                .isEqualTo(Prompts.parse(text, "a", false).hash());
    }

    @Test
    void outputSchemaBecomesTheResponseFormat() {
        Prompt p = Prompts.parse(file("""
                name: a
                version: '1'
                output:
                  schema: {type: object, properties: {x: {type: integer}}, required: [x]}
                """, "hi\n"), "a", false);
        assertThat(p.outputSchema()).contains("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}},\"required\":[\"x\"]}");
        assertThat(p.options().responseFormat()).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class,
                f -> assertThat(f.strict()).isFalse());
    }

    record Verdict(boolean spam, String reason) {
    }

    @Test
    void outputJavaTypeIsDerivedIntoAStrictSchema() {
        Prompt p = Prompts.parse(file("name: a\nversion: '1'\noutput:\n  type: " + Verdict.class.getName() + "\n", "hi\n"),
                "a", false);
        assertThat(p.outputSchema().orElseThrow()).contains("\"spam\"").contains("\"reason\"");
        assertThat(p.options().responseFormat()).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class,
                f -> assertThat(f.strict()).isTrue());
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        assertThatThrownBy(() -> Prompts.parse(file("name: a\nversion: '1'\ninputs:\n  x: [unclosed\n", "hi\n"), "bad.prompt", false))
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.file()).contains("bad.prompt");
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.getMessage()).startsWith("bad.prompt:6: malformed YAML").contains("fix the YAML syntax");
                });
    }

    @Test
    void unknownFieldIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> Prompts.parse(file("name: a\nversoin: '1'\n", "hi\n"), "a.prompt", false))
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("unknown field 'versoin'").contains("version");
                });
    }

    @Test
    void undeclaredVariableIsFoundAtLoadTimeWithItsLine() {
        assertThatThrownBy(() -> Prompts.parse(file("name: a\nversion: '1'\ninputs:\n  question: string\n",
                "system:\nBe brief.\nuser:\n{{questoin}}\n"), "a.prompt", false))
                .isInstanceOfSatisfying(PromptVariableException.class, e -> {
                    assertThat(e.variable()).isEqualTo("questoin");
                    assertThat(e.line()).isEqualTo(10);
                    assertThat(e.getMessage()).contains("declared: [question]");
                });
    }

    @Test
    void namesInsideListSectionsAreItemFields() {
        Prompt p = Prompts.parse(file("name: a\nversion: '1'\ninputs:\n  items: list\n", "{{#items}}{{q}}{{/items}}\n"), "a", false);
        assertThat(p.render(java.util.Map.of("items", List.of(java.util.Map.of("q", "x")))).messages()).hasSize(1);
    }

    @Test
    void namesInsideBooleanSectionsMustBeDeclared() {
        assertThatThrownBy(() -> Prompts.parse(file("name: a\nversion: '1'\ninputs:\n  flag: boolean\n",
                "{{#flag}}{{other}}{{/flag}}\n"), "a", false))
                .isInstanceOfSatisfying(PromptVariableException.class, e -> assertThat(e.variable()).isEqualTo("other"));
    }

    @Test
    void unclosedSectionNamesItsLine() {
        assertThatThrownBy(() -> Prompts.parse(file("name: a\nversion: '1'\ninputs:\n  xs: list\n", "a\n{{#xs}}\nb\n"), "a", false))
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(8);
                    assertThat(e.getMessage()).contains("{{/xs}}");
                });
    }

    @Test
    void textBeforeTheFirstRoleLineIsAnError() {
        assertThatThrownBy(() -> Prompts.parse(file("name: a\nversion: '1'\n", "stray\nsystem:\nhi\n"), "a", false))
                .isInstanceOf(PromptFormatException.class).hasMessageContaining("before the first role line");
    }

    @Test
    void missingFrontMatterSaysHowToStart() {
        assertThatThrownBy(() -> Prompts.parse("user:\nhi\n", "a.prompt", false))
                .isInstanceOf(PromptFormatException.class).hasMessageContaining("a.prompt:1:").hasMessageContaining("'---'");
    }

    @Test
    void badDefaultTypeNamesItsLine() {
        assertThatThrownBy(() -> Prompts.parse(file("name: a\nversion: '1'\ninputs:\n  n:\n    type: integer\n    default: many\n",
                "{{n}}\n"), "a.prompt", false))
                .isInstanceOfSatisfying(PromptVariableException.class, e -> assertThat(e.line()).isEqualTo(7));
    }

    @Test
    void loadTakesNameAndVersionFromThePath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("greet").resolve("4.prompt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, file("inputs:\n  who: string\n", "Hi {{who}}\n"));
        assertThat(Prompts.load(file).id()).isEqualTo("greet@4");
    }

    @Test
    void versionThatContradictsTheFileNameIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("greet").resolve("4.prompt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, file("version: '5'\n", "Hi\n"));
        assertThatThrownBy(() -> Prompts.load(file)).isInstanceOfSatisfying(PromptFormatException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage()).contains("does not match");
        });
    }

    @Test
    void readsInlineTestCases() {
        Prompt p = Prompts.parse(file("""
                name: a
                version: '1'
                inputs:
                  q: string
                output:
                  schema: {type: object}
                tests:
                  - name: first
                    inputs: {q: hi}
                    assert:
                      - contains: x
                      - not-contains: y
                      - regex: "z+"
                      - json-schema-valid: true
                """, "{{q}}\n"), "a", false);
        assertThat(p.tests()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("first");
            assertThat(t.inputs()).containsEntry("q", "hi");
            assertThat(t.assertions()).containsExactly(new PromptAssertion.Contains("x"), new PromptAssertion.NotContains("y"),
                    new PromptAssertion.Regex("z+"), new PromptAssertion.JsonSchemaValid("{\"type\":\"object\"}"));
        });
    }

    @Test
    void testCaseInputsAreCheckedAtLoadTime() {
        assertThatThrownBy(() -> Prompts.parse(file("""
                name: a
                version: '1'
                inputs:
                  n: integer
                tests:
                  - name: counts
                    inputs: {n: three}
                    assert: [{contains: "3"}]
                """, "{{n}}\n"), "a.prompt", false))
                .isInstanceOfSatisfying(PromptVariableException.class, e -> {
                    assertThat(e.variable()).isEqualTo("n");
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.getMessage()).isEqualTo("a.prompt:7: test 'counts' has invalid inputs: input 'n' of prompt a@1 must be "
                            + "an integer, got String \"three\": pass an integer or change the declared type");
                });
    }

    @Test
    void readsPromptyFiles() {
        Prompt p = Prompts.load(Path.of("src/test/resources/prompts/classify/1.prompty"));
        assertThat(p.id()).isEqualTo("classify@1");
        assertThat(p.author()).isEqualTo("ana, ben");
        assertThat(p.options().model()).isEqualTo("gpt-4o-mini");
        assertThat(p.options().maxTokens()).isEqualTo(50);
        assertThat(p.options().temperature()).isEqualTo(0.1);
        assertThat(p.samples()).containsEntry("ticket", "My card was charged twice.");
        assertThat(p.outputSchema().orElseThrow()).contains("\"category\"");
        assertThat(p.variables()).extracting(Variable::name).containsExactly("ticket", "categories");
        assertThat(p.render(p.samples()).messages().get(0).toString()).contains("billing shipping other");
    }

    @Test
    void promptyJinjaBlocksAreRefusedWithTheFix() {
        assertThatThrownBy(() -> Prompts.parse(file("name: a\nversion: '1'\n", "user:\n{% for x in xs %}{{x}}{% endfor %}\n"), "a.prompty", true))
                .isInstanceOfSatisfying(PromptFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.fix()).contains("Mustache");
                });
    }
}
