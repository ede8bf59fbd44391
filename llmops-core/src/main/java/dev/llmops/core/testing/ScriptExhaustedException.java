package dev.llmops.core.testing;

import dev.llmops.core.LlmopsException;

/**
 * A {@link ScriptedChatModel} was called more times than its script has outcomes, and it has no fallback
 * responder. The message names the request number; the fix is to script one more outcome or to set a
 * responder.
 *
 * <pre>{@code
 * @Test
 * void failsLoudlyWhenTheCodeCallsMoreOftenThanScripted() {
 *     ScriptedChatModel model = ScriptedChatModel.builder().reply("Paris").build();
 *     model.chat("Capital of France?");
 *
 *     assertThatThrownBy(() -> model.chat("And of Spain?"))
 *             .isInstanceOf(ScriptExhaustedException.class)
 *             .hasMessageContaining("request #2");
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public class ScriptExhaustedException extends LlmopsException {
    private static final long serialVersionUID = 1L;

    private final int requestNumber;

    public ScriptExhaustedException(int requestNumber, int scriptedOutcomes) {
        super("ScriptedChatModel has no outcome left for request #" + requestNumber + ": its script held "
                + scriptedOutcomes + (scriptedOutcomes == 1 ? " outcome" : " outcomes") + " and all were used. "
                + "Add a reply for this call (builder.reply(\"...\")) or a fallback (builder.responder(request -> ...)).");
        this.requestNumber = requestNumber;
    }

    /** The 1-based number of the call that found the script empty. */
    public int requestNumber() {
        return requestNumber;
    }
}
