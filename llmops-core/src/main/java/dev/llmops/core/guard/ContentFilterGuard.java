package dev.llmops.core.guard;

import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.ContentFilteredException;
import dev.llmops.core.FinishReason;
import dev.llmops.core.StreamEvent;

/**
 * Turns an answer that a provider's content filter stopped ({@link FinishReason#CONTENT_FILTER}) into a
 * {@link ContentFilteredException}, so that every provider behaves the same: whether a provider reports a block
 * as an error or as a finish reason, the caller sees the exception. For a streamed call, the deltas that came
 * before are yielded and the stream then throws instead of completing.
 *
 * <pre>{@code
 * ChatModel model = ChatPipeline.builder(azureOpenAi).interceptor(ContentFilterGuard.create()).build();
 * try {
 *     model.chat(request);
 * } catch (ContentFilteredException e) {
 *     // tell the user the request cannot be answered
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; create one and share it.
 */
public final class ContentFilterGuard implements ChatInterceptor {
    /** The {@link ContentFilteredException#errorCode()} of the exceptions this guard throws. */
    public static final String ERROR_CODE = "content_filter";

    private static final ContentFilterGuard INSTANCE = new ContentFilterGuard();

    private ContentFilterGuard() {
    }

    /** The guard. */
    public static ContentFilterGuard create() {
        return INSTANCE;
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        return check(chain.proceed(chain.request()));
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        return MappedEvents.of(chain.proceed(chain.request()), (event, out) -> {
            if (event instanceof StreamEvent.Completed completed) {
                check(completed.response());
            }
            out.accept(event);
        });
    }

    private static ChatResponse check(ChatResponse response) {
        if (response.finishReason() == FinishReason.CONTENT_FILTER) {
            throw new ContentFilteredException(response.provider(), 0, ERROR_CODE, "the content filter of "
                    + response.provider() + " stopped the answer of model " + response.model()
                    + (response.id().isEmpty() ? "" : " (response " + response.id() + ")")
                    + " after " + response.text().length() + " characters: rephrase the request, "
                    + "or handle ContentFilteredException and tell the user it cannot be answered");
        }
        return response;
    }

    @Override
    public String name() {
        return "content-filter-guard";
    }

    @Override
    public String toString() {
        return "ContentFilterGuard";
    }
}
