package dev.llmops.prompts.internal;

import dev.llmops.prompts.ExperimentEvent;
import dev.llmops.prompts.ExperimentLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** See {@link ExperimentLog#jsonLines(Path)}. Thread-safe: appends are serialized, each one line in one write. */
public final class JsonLinesExperimentLog implements ExperimentLog {
    private final Path file;

    public JsonLinesExperimentLog(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public synchronized void append(ExperimentEvent event) {
        ObjectNode n = PromptJson.MAPPER.createObjectNode();
        n.put("type", event instanceof ExperimentEvent.Exposure ? "exposure" : "outcome")
                .put("time", event.time().toString()).put("experiment", event.experiment())
                .put("subject", event.subject()).put("variant", event.variant());
        if (event instanceof ExperimentEvent.Outcome o) {
            n.put("value", o.value());
        }
        AtomicFiles.appendLine(file, PromptJson.MAPPER.writeValueAsString(n));
    }

    @Override
    public synchronized List<ExperimentEvent> events(String experiment) {
        List<ExperimentEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read experiment log " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode n = PromptJson.MAPPER.readTree(lines.get(i));
                if (!n.required("experiment").asString().equals(experiment)) {
                    continue;
                }
                Instant time = Instant.parse(n.required("time").asString());
                String subject = n.required("subject").asString();
                String variant = n.required("variant").asString();
                events.add(switch (n.required("type").asString()) {
                    case "exposure" -> new ExperimentEvent.Exposure(time, experiment, subject, variant);
                    case "outcome" -> new ExperimentEvent.Outcome(time, experiment, subject, variant, n.required("value").asDouble());
                    default -> throw new IllegalArgumentException("unknown type " + n.get("type"));
                });
            } catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
                throw new dev.llmops.prompts.PromptFormatException("malformed experiment event: " + e.getMessage(), file.toString(),
                        i + 1, "fix or remove the line; the log is one JSON object per line");
            }
        }
        return events;
    }
}
