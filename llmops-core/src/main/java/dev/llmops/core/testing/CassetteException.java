package dev.llmops.core.testing;

import dev.llmops.core.LlmopsException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A cassette file could not be used: it is not valid JSON, has the wrong shape, was written by a newer
 * llmops, or could not be read or written. The message names the file and what to do.
 *
 * <pre>{@code
 * @Test
 * void reportsAHandEditedCassetteThatNoLongerParses() {
 *     assertThatThrownBy(() -> CassetteChatModel.builder().name("hand-edited").mode(CassetteMode.REPLAY).build())
 *             .isInstanceOf(CassetteException.class)
 *             .hasMessageContaining("hand-edited.json is malformed");
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public class CassetteException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    private final transient Path cassette;

    public CassetteException(Path cassette, String message, Throwable cause) {
        super(message, cause);
        this.cassette = Objects.requireNonNull(cassette, "cassette");
    }

    /** The cassette file. */
    public Path cassette() {
        return cassette;
    }
}
