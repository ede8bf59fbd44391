package dev.llmops.core.guard;

import dev.llmops.core.CallContext;
import dev.llmops.core.ChatInterceptor;
import dev.llmops.core.ChatRequest;
import dev.llmops.core.ChatResponse;
import dev.llmops.core.ChatStream;
import dev.llmops.core.Message;
import dev.llmops.core.StreamEvent;
import dev.llmops.core.internal.SecretScrubber;
import dev.llmops.core.observe.CallAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replaces personal data and secrets in every text of every message before a request leaves the process:
 * e-mails, phone numbers, Luhn-valid card numbers, mod-97-valid IBANs, US SSNs, IPv4 and IPv6 addresses and
 * key-shaped secrets (see {@link PiiKind}), plus any patterns of your own. Each value becomes a typed, numbered
 * placeholder, the same value the same placeholder within a call:
 *
 * <pre>{@code
 * ChatModel model = ChatPipeline.builder(openAi)
 *         .interceptor(PiiRedactor.builder().restore(true).build())
 *         .build();
 * model.chat("Write to ana@example.com about card 4111 1111 1111 1111");
 * // the provider sees: "Write to [EMAIL_1] about card [CARD_1]"
 * // with restore(true) the answer's "[EMAIL_1]" comes back as "ana@example.com"
 * }</pre>
 *
 * <p>With {@link Builder#restore(boolean)} the placeholders in the answer's text and tool-call arguments are
 * mapped back to the originals, for blocking and streamed calls; a placeholder split between two streamed
 * deltas is held back until it is whole. The counts of values replaced, per label, are recorded in the
 * {@link CallContext} attribute {@value CallAttributes#REDACTION_COUNT} (a {@code Map<String, Integer>}).
 *
 * <p>Listeners see the request as the caller sent it (they run outside every interceptor); only the model
 * and the interceptors after this one see the redacted request.
 *
 * <p>Immutable and thread-safe; create one and share it.
 */
public final class PiiRedactor implements ChatInterceptor {
    private static final Pattern LABEL = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final List<Detector> detectors;
    private final boolean restore;
    private final String description;

    private PiiRedactor(Builder builder) {
        SecretScrubber scrubber = builder.scrubber;
        List<Detector> list = new ArrayList<>();
        // Listed by priority for matches of equal start and length: custom patterns, then the most specific.
        builder.custom.forEach((label, pattern) -> list.add(Detector.pattern(label, pattern, s -> true)));
        for (PiiKind kind : List.of(PiiKind.SECRET, PiiKind.EMAIL, PiiKind.IBAN, PiiKind.CARD, PiiKind.SSN,
                PiiKind.IPV6, PiiKind.IPV4, PiiKind.PHONE)) {
            if (builder.kinds.contains(kind)) {
                list.add(PiiPatterns.detector(kind, scrubber));
            }
        }
        this.detectors = List.copyOf(list);
        this.restore = builder.restore;
        this.description = "PiiRedactor" + builder.kinds + (builder.custom.isEmpty() ? "" : " + " + builder.custom.keySet())
                + (restore ? ", restoring" : "");
    }

    /** Starts a redactor for every {@link PiiKind}, not restoring. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fresh set of placeholders for redacting and restoring text outside a chat call. */
    public Redaction newRedaction() {
        return new Redaction(detectors);
    }

    /** {@code request} with every text of every message redacted by {@code redaction}. */
    public ChatRequest redact(ChatRequest request, Redaction redaction) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(redaction, "redaction");
        List<Message> messages = new ArrayList<>(request.messages().size());
        for (Message message : request.messages()) {
            messages.add(MessageTexts.map(message, redaction::redact));
        }
        return request.withMessages(messages);
    }

    @Override
    public ChatResponse intercept(Chain chain) {
        Redaction redaction = newRedaction();
        ChatResponse response = chain.proceed(redactAndRecord(chain.request(), chain.context(), redaction));
        // Nothing replaced, nothing to restore: the response is returned as is, not rebuilt equal.
        return restore && redaction.total() > 0 ? restored(response, redaction) : response;
    }

    @Override
    public ChatStream interceptStream(StreamChain chain) {
        Redaction redaction = newRedaction();
        ChatStream stream = chain.proceed(redactAndRecord(chain.request(), chain.context(), redaction));
        if (!restore || redaction.total() == 0) {
            return stream;
        }
        PlaceholderBuffer text = new PlaceholderBuffer(redaction);
        Map<Integer, PlaceholderBuffer> arguments = new HashMap<>();
        return MappedEvents.of(stream, (event, out) -> {
            switch (event) {
                case StreamEvent.TextDelta delta -> {
                    String ready = text.push(delta.text());
                    if (!ready.isEmpty()) {
                        out.accept(new StreamEvent.TextDelta(ready));
                    }
                }
                case StreamEvent.ToolCallDelta delta -> {
                    String ready = arguments.computeIfAbsent(delta.index(), i -> new PlaceholderBuffer(redaction))
                            .push(delta.argumentsDelta());
                    if (!ready.isEmpty() || delta.id() != null || delta.name() != null) {
                        out.accept(new StreamEvent.ToolCallDelta(delta.index(), delta.id(), delta.name(), ready));
                    }
                }
                case StreamEvent.Completed completed -> {
                    String rest = text.flush();
                    if (!rest.isEmpty()) {
                        out.accept(new StreamEvent.TextDelta(rest));
                    }
                    arguments.forEach((index, buffer) -> {
                        String tail = buffer.flush();
                        if (!tail.isEmpty()) {
                            out.accept(new StreamEvent.ToolCallDelta(index, null, null, tail));
                        }
                    });
                    out.accept(new StreamEvent.Completed(restored(completed.response(), redaction)));
                }
            }
        });
    }

    @Override
    public String name() {
        return "redaction";
    }

    @Override
    public String toString() {
        return description;
    }

    private static ChatResponse restored(ChatResponse response, Redaction redaction) {
        return response.withMessage(MessageTexts.map(response.message(), redaction::restore));
    }

    /** {@code request} redacted, with the counts recorded in {@code context} when anything was replaced. */
    private ChatRequest redactAndRecord(ChatRequest request, CallContext context, Redaction redaction) {
        ChatRequest redacted = redact(request, redaction);
        if (redaction.total() == 0) {
            return request;
        }
        context.put(CallAttributes.REDACTION_COUNT, redaction.counts());
        return redacted;
    }

    /**
     * Collects what a {@link PiiRedactor} finds and whether it restores.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final Set<PiiKind> kinds = EnumSet.allOf(PiiKind.class);
        private final Map<String, Pattern> custom = new LinkedHashMap<>();
        private boolean restore;
        private SecretScrubber scrubber = SecretScrubber.standard();

        private Builder() {
        }

        /** Finds only these kinds (all by default); none is allowed when custom patterns are added. */
        public Builder kinds(Collection<PiiKind> kinds) {
            Objects.requireNonNull(kinds, "kinds");
            this.kinds.clear();
            this.kinds.addAll(kinds);
            return this;
        }

        /** Finds only these kinds (all by default). */
        public Builder kinds(PiiKind... kinds) {
            return kinds(List.of(kinds));
        }

        /**
         * Also replaces every match of {@code regex} with placeholders labelled {@code label}, e.g.
         * {@code pattern("EMPLOYEE_ID", "\\bE-\\d{6}\\b")} gives {@code [EMPLOYEE_ID_1]}. Custom patterns win
         * over the built-in kinds where they find the same span.
         *
         * @throws IllegalArgumentException when the label is not capitals, digits and underscores starting with a
         *                                  capital, or the regex does not compile
         */
        public Builder pattern(String label, String regex) {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(regex, "regex");
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("placeholder label '" + label + "' must be capitals, digits and "
                        + "underscores starting with a capital, e.g. EMPLOYEE_ID");
            }
            try {
                custom.put(label, Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("pattern for " + label + " does not compile: " + e.getDescription()
                        + " in '" + regex + "': fix the regular expression", e);
            }
            return this;
        }

        /** Whether to map placeholders in the answer back to the original values; off by default. */
        public Builder restore(boolean restore) {
            this.restore = restore;
            return this;
        }

        /** Also treats these exact strings (e.g. the configured API key) as {@link PiiKind#SECRET}s. */
        public Builder secretLiterals(Collection<String> secrets) {
            this.scrubber = scrubber.withLiterals(secrets);
            return this;
        }

        /** @throws IllegalStateException when no kind and no custom pattern is left to find */
        public PiiRedactor build() {
            if (kinds.isEmpty() && custom.isEmpty()) {
                throw new IllegalStateException("PiiRedactor finds nothing: name at least one PiiKind or add a pattern");
            }
            return new PiiRedactor(this);
        }
    }
}
