package dev.llmops.prompts;

import dev.llmops.prompts.internal.JsonLinesExperimentLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where exposures and outcomes go. The default writes JSON lines to a file; implement this to send them to a
 * database or an event pipeline.
 *
 * <p>Implementations are thread-safe; create one and share it.
 */
public interface ExperimentLog {

    /** Records an event. */
    void append(ExperimentEvent event);

    /** Every event of an experiment, in the order recorded. */
    List<ExperimentEvent> events(String experiment);

    /**
     * A log appending one JSON object per line to {@code file} (created when missing):
     * {@code {"type":"exposure"|"outcome","time":"...","experiment":"...","subject":"...","variant":"...","value":1.0}}.
     */
    static ExperimentLog jsonLines(Path file) {
        return new JsonLinesExperimentLog(file);
    }

    /** A log held in memory, for tests. */
    static ExperimentLog inMemory() {
        List<ExperimentEvent> events = new ArrayList<>();
        return new ExperimentLog() {
            @Override
            public synchronized void append(ExperimentEvent event) {
                events.add(java.util.Objects.requireNonNull(event, "event"));
            }

            @Override
            public synchronized List<ExperimentEvent> events(String experiment) {
                return events.stream().filter(e -> e.experiment().equals(experiment)).toList();
            }
        };
    }
}
