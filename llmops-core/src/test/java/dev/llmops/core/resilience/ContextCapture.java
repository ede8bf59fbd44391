package dev.llmops.core.resilience;

import dev.llmops.core.CallContext;
import dev.llmops.core.ChatListener;
import dev.llmops.core.ChatRequest;

/** A listener keeping the context of the latest call, so a test can read the attributes interceptors set. */
final class ContextCapture implements ChatListener {
    private volatile CallContext last;

    @Override
    public void onRequest(CallContext context, ChatRequest request) {
        last = context;
    }

    CallContext last() {
        return last;
    }

    <T> T attribute(String name, Class<T> type) {
        return last.get(name, type).orElseThrow(() -> new AssertionError("no attribute " + name + " in " + last));
    }
}
