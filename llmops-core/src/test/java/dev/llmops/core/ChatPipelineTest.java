package dev.llmops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChatPipelineTest {

    private final List<String> trail = Collections.synchronizedList(new ArrayList<>());

    /** A model that echoes the last user text and records that it was called. */
    private final ChatModel echo = new ChatModel() {
        @Override
        public ChatResponse chat(ChatRequest request) {
            trail.add("model");
            UserMessage last = (UserMessage) request.messages().get(request.messages().size() - 1);
            return response("echo: " + last.text());
        }

        @Override
        public String toString() {
            return "echo";
        }
    };

    private static ChatResponse response(String text) {
        return new ChatResponse(AssistantMessage.of(text), Usage.of(3, 2), FinishReason.STOP, "echo-1", "test",
                Duration.ofMillis(1), "r1");
    }

    private ChatInterceptor named(String name) {
        return new ChatInterceptor() {
            @Override
            public ChatResponse intercept(Chain chain) {
                trail.add(name + ">");
                ChatResponse response = chain.proceed(chain.request());
                trail.add("<" + name);
                return response;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Test
    void interceptorsRunOutermostFirstAndUnwindInReverse() {
        ChatPipeline pipeline = ChatPipeline.builder(echo).interceptor(named("a")).interceptor(named("b")).build();

        pipeline.chat("hi");

        assertThat(trail).containsExactly("a>", "b>", "model", "<b", "<a");
    }

    @Test
    void toStringShowsTheOrder() {
        ChatPipeline pipeline = ChatPipeline.builder(echo).interceptor(named("cache")).interceptor(named("retry")).build();
        assertThat(pipeline).hasToString("ChatPipeline[cache -> retry -> echo]");
        assertThat(ChatPipeline.builder(echo).build()).hasToString("ChatPipeline[echo]");
    }

    @Test
    void anInterceptorCanChangeTheRequestAndTheResponse() {
        ChatInterceptor shout = chain -> {
            ChatRequest louder = chain.request().withMessages(List.of(Message.user("HI")));
            ChatResponse response = chain.proceed(louder);
            return response.withMessage(AssistantMessage.of(response.text() + "!"));
        };
        ChatResponse response = ChatPipeline.builder(echo).interceptor(shout).build().chat("hi");
        assertThat(response.text()).isEqualTo("echo: HI!");
    }

    @Test
    void anInterceptorMayAnswerWithoutProceeding() {
        ChatInterceptor cache = chain -> response("cached");
        ChatResponse response = ChatPipeline.builder(echo).interceptor(cache).build().chat("hi");
        assertThat(response.text()).isEqualTo("cached");
        assertThat(trail).doesNotContain("model");
    }

    @Test
    void anInterceptorMayProceedSeveralTimes() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        ChatModel flaky = request -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new ProviderUnavailableException("test", 503, null, null, "busy", null);
            }
            return response("finally");
        };
        ChatInterceptor retry = chain -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    chain.context().put("retry.count", attempt - 1);
                    return chain.proceed(chain.request());
                } catch (ProviderUnavailableException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        };
        List<Object> retryCounts = new ArrayList<>();
        ChatListener listener = new ChatListener() {
            @Override
            public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                retryCounts.add(context.get("retry.count", Integer.class).orElseThrow());
            }
        };
        ChatResponse response = ChatPipeline.builder(flaky).interceptor(retry).listener(listener).build().chat("hi");
        assertThat(response.text()).isEqualTo("finally");
        assertThat(retryCounts).containsExactly(2);
    }

    @Test
    void listenersSeeRequestThenResponse() {
        List<String> events = new ArrayList<>();
        ChatListener listener = new ChatListener() {
            @Override
            public void onRequest(CallContext context, ChatRequest request) {
                events.add("request " + context.callId().startsWith("call-"));
            }

            @Override
            public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                events.add("response " + response.text());
            }
        };
        ChatPipeline.builder(echo).listener(listener).build().chat("hi");
        assertThat(events).containsExactly("request true", "response echo: hi");
    }

    @Test
    void listenersSeeTheErrorAndTheCallerGetsIt() {
        List<RuntimeException> errors = new ArrayList<>();
        ChatModel failing = request -> {
            throw new AuthenticationException("test", 401, "invalid_api_key", "bad key");
        };
        ChatListener listener = new ChatListener() {
            @Override
            public void onError(CallContext context, ChatRequest request, RuntimeException error) {
                errors.add(error);
            }
        };
        ChatPipeline pipeline = ChatPipeline.builder(failing).listener(listener).build();
        assertThatThrownBy(() -> pipeline.chat("hi")).isInstanceOf(AuthenticationException.class);
        assertThat(errors).singleElement().isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aThrowingListenerNeverBreaksTheCall() {
        ChatListener broken = new ChatListener() {
            @Override
            public void onRequest(CallContext context, ChatRequest request) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                throw new IllegalStateException("listener bug");
            }
        };
        AtomicInteger seen = new AtomicInteger();
        ChatListener counting = new ChatListener() {
            @Override
            public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                seen.incrementAndGet();
            }
        };
        ChatResponse response = ChatPipeline.builder(echo).listener(broken).listener(counting).build().chat("hi");
        assertThat(response.text()).isEqualTo("echo: hi");
        assertThat(seen).hasValue(1);
    }

    @Test
    void anInterceptorReturningNullIsNamed() {
        ChatInterceptor broken = new ChatInterceptor() {
            @Override
            public ChatResponse intercept(Chain chain) {
                return null;
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        assertThatThrownBy(() -> ChatPipeline.builder(echo).interceptor(broken).build().chat("hi"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("interceptor broken returned a null response");
    }

    @Test
    void streamsPassThroughInterceptorsAndNotifyListenersOnCompletion() {
        List<String> events = new ArrayList<>();
        ChatInterceptor tagging = new ChatInterceptor() {
            @Override
            public ChatResponse intercept(Chain chain) {
                return chain.proceed(chain.request());
            }

            @Override
            public ChatStream interceptStream(StreamChain chain) {
                events.add("stream intercepted, streaming=" + chain.context().streaming());
                return chain.proceed(chain.request());
            }
        };
        ChatListener listener = new ChatListener() {
            @Override
            public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                events.add("completed " + response.text());
            }
        };
        ChatPipeline pipeline = ChatPipeline.builder(echo).interceptor(tagging).listener(listener).build();

        List<StreamEvent> received = new ArrayList<>();
        ChatResponse response = pipeline.stream(ChatRequest.of("hi")).collect(received::add);

        assertThat(response.text()).isEqualTo("echo: hi");
        assertThat(received).hasSize(2).first().isEqualTo(new StreamEvent.TextDelta("echo: hi"));
        assertThat(events).containsExactly("stream intercepted, streaming=true", "completed echo: hi");
    }

    @Test
    void aStreamClosedBeforeCompletingIsReportedAsCancelled() {
        List<RuntimeException> errors = new ArrayList<>();
        ChatListener listener = new ChatListener() {
            @Override
            public void onError(CallContext context, ChatRequest request, RuntimeException error) {
                errors.add(error);
            }
        };
        ChatPipeline pipeline = ChatPipeline.builder(echo).listener(listener).build();
        try (ChatStream stream = pipeline.stream(ChatRequest.of("hi"))) {
            assertThat(stream.iterator().next()).isInstanceOf(StreamEvent.TextDelta.class);
        }
        assertThat(errors).singleElement().isInstanceOf(StreamCancelledException.class);
    }

    @Test
    void aCompletedStreamIsReportedOnceEvenWhenClosedAfterwards() {
        AtomicInteger responses = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ChatListener listener = new ChatListener() {
            @Override
            public void onResponse(CallContext context, ChatRequest request, ChatResponse response) {
                responses.incrementAndGet();
            }

            @Override
            public void onError(CallContext context, ChatRequest request, RuntimeException error) {
                errors.incrementAndGet();
            }
        };
        ChatStream stream = ChatPipeline.builder(echo).listener(listener).build().stream(ChatRequest.of("hi"));
        stream.collect();
        stream.close();
        assertThat(responses).hasValue(1);
        assertThat(errors).hasValue(0);
    }
}
