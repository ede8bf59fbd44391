package dev.llmops.core.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * A {@link CassetteChatModel} in {@link CassetteMode#REPLAY} mode got a request its cassette holds no
 * recording of. The message names the cassette file, the request number, the closest recorded request and
 * every difference from it as a JSON path with the recorded and the requested value, e.g.
 * {@code messages[1].parts[0].text: recorded "What is 2+2?" but requested "What is 3+3?"}, and says how to
 * re-record.
 *
 * <pre>{@code
 * @Test
 * void aChangedPromptHasNoRecording() {
 *     ChatModel model = CassetteChatModel.builder().name("math").mode(CassetteMode.REPLAY).build();
 *
 *     assertThatThrownBy(() -> model.chat("What is 3+3?"))
 *             .isInstanceOfSatisfying(CassetteMismatchException.class, e -> assertThat(e.differences())
 *                     .contains("messages[0].parts[0].text: recorded \"What is 2+2?\" but requested \"What is 3+3?\""));
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public class CassetteMismatchException extends CassetteException {
    private static final long serialVersionUID = 1L;

    private final int requestNumber;
    private final int closestInteraction;
    private final List<String> differences;

    /**
     * @param closestInteraction the index of the closest recording in the cassette, or -1 when it holds none
     * @param differences        how the request differs from that recording, one line per JSON path
     */
    public CassetteMismatchException(Path cassette, int requestNumber, int closestInteraction, List<String> differences,
            String message) {
        super(cassette, message, null);
        this.requestNumber = requestNumber;
        this.closestInteraction = closestInteraction;
        this.differences = List.copyOf(differences);
    }

    /** The 1-based number of the unmatched request among the calls to the cassette model. */
    public int requestNumber() {
        return requestNumber;
    }

    /** The index (in the cassette's {@code interactions}) of the closest recorded request, if it holds any. */
    public OptionalInt closestInteraction() {
        return closestInteraction < 0 ? OptionalInt.empty() : OptionalInt.of(closestInteraction);
    }

    /** How the request differs from the closest recording: {@code path: recorded X but requested Y}. */
    public List<String> differences() {
        return differences;
    }
}
