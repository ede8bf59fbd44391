package dev.llmops.core;

import dev.llmops.core.internal.structured.AnswerReader;
import dev.llmops.core.internal.structured.DerivedSchema;
import dev.llmops.core.internal.structured.Violations;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Objects;
import java.util.regex.Pattern;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a chat model for a Java record. The record's JSON Schema ({@link JsonSchemas#of(Class)}) goes out as
 * the request's response format; the answer is parsed with Jackson and validated with Jakarta Validation.
 * When the answer is not valid JSON, does not match the schema or breaks a constraint, the model is shown
 * its answer and the list of problems and asked again, up to {@link #repairAttempts()} times; then
 * {@link StructuredOutputException} is thrown with the last answer and its problems.
 *
 * <pre>{@code
 * record Invoice(@NotBlank String number, @PositiveOrZero BigDecimal total, List<@NotBlank String> lines) {}
 *
 * StructuredResponse<Invoice> result = StructuredOutput.defaults()
 *         .chat(model, ChatRequest.of("Extract the invoice: " + text), Invoice.class);
 *
 * // or, with options:
 * StructuredOutput lenient = StructuredOutput.defaults().withRepairAttempts(2).withStrict(false);
 * }</pre>
 *
 * <p>Each attempt is one ordinary {@link ChatModel#chat(ChatRequest)} call, so the model's interceptors
 * (retry, cache, cost, tracing) see every attempt. Exceptions the model throws pass through untouched and
 * are never retried here; that is the retry interceptor's job. The response format replaces any the request
 * had; every other option is kept.
 *
 * <p>Every record in the answer is validated, nested ones included, whether or not the component carries
 * {@code @Valid}: the schema already promised the model their constraints.
 *
 * <p>Immutable and thread-safe; create one and share it.
 */
public final class StructuredOutput {
    private static final Logger LOG = LoggerFactory.getLogger(StructuredOutput.class);
    private static final StructuredOutput DEFAULTS = new StructuredOutput(1, true, null);
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^A-Za-z0-9_-]");

    private final int repairAttempts;
    private final boolean strict;
    private final Validator validator; // null: the shared default, built on first use

    private StructuredOutput(int repairAttempts, boolean strict, Validator validator) {
        this.repairAttempts = repairAttempts;
        this.strict = strict;
        this.validator = validator;
    }

    /**
     * One repair attempt, strict schemas, and Hibernate Validator with parameter-only message interpolation
     * (no Expression Language needed), built once on first use.
     */
    public static StructuredOutput defaults() {
        return DEFAULTS;
    }

    /**
     * This engine with {@code repairAttempts} corrections after the first answer: 0 to fail on the first
     * invalid answer.
     */
    public StructuredOutput withRepairAttempts(int repairAttempts) {
        if (repairAttempts < 0) {
            throw new IllegalArgumentException("repairAttempts " + repairAttempts + " is negative: use 0 to fail on the first invalid answer");
        }
        return new StructuredOutput(repairAttempts, strict, validator);
    }

    /**
     * This engine asking the provider to enforce the schema exactly ({@code true}, OpenAI's strict structured
     * outputs) or only to follow it ({@code false}, for providers or models without strict mode).
     */
    public StructuredOutput withStrict(boolean strict) {
        return new StructuredOutput(repairAttempts, strict, validator);
    }

    /** This engine validating answers with {@code validator} (e.g. one with your own constraint validators). */
    public StructuredOutput withValidator(Validator validator) {
        return new StructuredOutput(repairAttempts, strict, Objects.requireNonNull(validator, "validator"));
    }

    /** How many times an invalid answer is sent back for correction. */
    public int repairAttempts() {
        return repairAttempts;
    }

    /** Whether the provider is asked to enforce the schema exactly. */
    public boolean strict() {
        return strict;
    }

    /** The validator answers are checked with. */
    public Validator validator() {
        return validator != null ? validator : DefaultValidator.INSTANCE;
    }

    /**
     * Sends {@code request} with {@code type}'s JSON Schema as its response format and reads the answer as a
     * {@code type}, asking for corrections as configured.
     *
     * @throws IllegalArgumentException    when {@code type} is not a record or cannot be described by a
     *                                     schema (see {@link JsonSchemas#of(Class)})
     * @throws StructuredOutputException   when the last attempt's answer is still invalid; it keeps that
     *                                     answer's raw text and its violations
     * @throws ProviderException           and any other exception {@code model} throws, unchanged
     */
    public <T> StructuredResponse<T> chat(ChatModel model, ChatRequest request, Class<T> type) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(type, "type");
        if (!type.isRecord()) {
            throw new IllegalArgumentException("Structured output needs a record type, but " + type.getName()
                    + " is not a record: providers require a JSON object at the top, so describe the answer as a record, e.g. record Answer("
                    + type.getSimpleName() + " value)");
        }
        DerivedSchema schema = DerivedSchema.of(type);
        String name = schemaName(type);
        ChatRequest attempt = request.withOptions(
                request.options().withResponseFormat(ResponseFormat.jsonSchema(name, schema.json(), strict)));
        Validator checker = validator();
        Usage usage = Usage.ZERO;
        for (int n = 1; ; n++) {
            ChatResponse response = model.chat(attempt);
            usage = usage.plus(response.usage());
            AnswerReader.Reading<T> reading = AnswerReader.read(response, schema, type, checker);
            if (reading.isValid()) {
                LOG.debug("structured output {}: valid after {} attempt(s), {} tokens", name, n, usage.totalTokens());
                return new StructuredResponse<>(reading.value(), response, n, usage);
            }
            LOG.debug("structured output {}: attempt {} of {} invalid, {} violation(s)", name, n, repairAttempts + 1,
                    reading.violations().size());
            LOG.trace("structured output {}: attempt {} violations {}", name, n, reading.violations());
            if (n > repairAttempts) {
                throw new StructuredOutputException(type, response.text(), reading.violations(),
                        Violations.failure(type, n, reading.violations()), reading.cause());
            }
            if (!response.text().isEmpty()) {
                // The answer's text only: tool calls without their results would make the conversation invalid.
                attempt = attempt.withMessage(AssistantMessage.of(response.text()));
            }
            attempt = attempt.withMessage(UserMessage.of(Violations.correctionRequest(name, reading.violations(), schema.json())));
        }
    }

    /** {@code type}'s simple name as a response format name: 1 to 64 letters, digits, underscores or hyphens. */
    private static String schemaName(Class<?> type) {
        String name = INVALID_NAME_CHARS.matcher(type.getSimpleName()).replaceAll("_");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    @Override
    public String toString() {
        return "StructuredOutput[repairAttempts=" + repairAttempts + ", strict=" + strict
                + (validator == null ? "" : ", validator=" + validator) + "]";
    }

    /** Hibernate Validator, built when first needed: building it takes a noticeable fraction of a second. */
    private static final class DefaultValidator {
        static final Validator INSTANCE = Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();
    }
}
