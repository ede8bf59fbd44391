package dev.llmops.prompts.internal;

import tools.jackson.databind.json.JsonMapper;

/** The Jackson mapper of the prompts module. Thread-safe; shared. */
public final class PromptJson {
    /** Plain JSON: no indentation, fields in declaration order. */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PromptJson() {
    }
}
