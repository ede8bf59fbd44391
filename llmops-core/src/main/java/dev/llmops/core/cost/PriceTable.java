package dev.llmops.core.cost;

import dev.llmops.core.ChatResponse;
import dev.llmops.core.Cost;
import dev.llmops.core.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Model prices by provider and model id, and what a response cost at them.
 *
 * <p>{@link #bundled()} holds list prices of OpenAI, Anthropic and Google (Gemini) models, read from the
 * resource {@value #BUNDLED_RESOURCE}, which records the date they were retrieved and the pages they came
 * from. Prices change: add or replace entries with {@link #with(String, String, ModelPrice)}, or load a file
 * in the same format with {@link #load(Path)} and lay it over the bundled one with {@link #with(PriceTable)}:
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.bundled()
 *         .with("ollama", "llama3.2", ModelPrice.FREE)
 *         .with("openai", "gpt-4o-mini", ModelPrice.perMillionTokens("0.15", "0.075", "0.60"));
 * Cost cost = prices.costOf(response);
 * }</pre>
 *
 * <p>The file format: {@code {"prices": [{"provider": "openai", "model": "gpt-4o-mini", "input": "0.15",
 * "cachedInput": "0.075", "output": "0.60"}, ...]}}, rates in USD per million tokens as decimal strings (or
 * JSON numbers); other properties ({@code retrieved}, {@code sources}, {@code notes}) are for people.
 *
 * <p>How a model id is matched ({@link #find(String, String)}), case-insensitively, first match wins:
 * <ol>
 *   <li>the provider and the model id exactly;
 *   <li>the provider and the model id without a dated snapshot suffix ({@code -2024-07-18}, {@code -20250929})
 *       or {@code -latest}: {@code gpt-4o-mini-2024-07-18} is priced as {@code gpt-4o-mini};
 *   <li>the model id under any provider (exactly, then without the suffix), the most recently added entry
 *       first: a gateway, a proxy or a test double reporting a known model id is priced at its list price.
 * </ol>
 * A model matching none has no price, and its cost is {@link Cost#UNKNOWN}, never zero.
 *
 * <p>Immutable and thread-safe.
 */
public final class PriceTable {
    /** The class-path resource of the bundled prices. */
    public static final String BUNDLED_RESOURCE = "/dev/llmops/core/cost/prices.json";

    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("^(.+?)-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|latest)$");
    private static final PriceTable EMPTY = new PriceTable(Map.of());

    /** Entries in the order added; a replaced entry moves to the end. */
    private final Map<Key, ModelPrice> prices;

    private PriceTable(Map<Key, ModelPrice> prices) {
        this.prices = prices;
    }

    /** A table with no prices. */
    public static PriceTable empty() {
        return EMPTY;
    }

    /** The prices bundled with llmops (see {@value #BUNDLED_RESOURCE} for their date and sources). */
    public static PriceTable bundled() {
        return Bundled.TABLE;
    }

    /**
     * The prices in a file of the bundled format.
     *
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException when it is not a price table, naming the file and the bad entry
     */
    public static PriceTable load(Path file) {
        Objects.requireNonNull(file, "file");
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price table " + file + ": " + e.getMessage(), e);
        }
        return parse(json, file.toString());
    }

    /**
     * The prices in {@code json}, in the bundled format; {@code source} names it in error messages.
     *
     * @throws IllegalArgumentException when it is not a price table, naming {@code source} and the bad entry
     */
    public static PriceTable parse(String json, String source) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(source, "source");
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("price table " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode entries = root == null ? null : root.get("prices");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("price table " + source
                    + " has no \"prices\" array: give {\"prices\": [{\"provider\": ..., \"model\": ..., \"input\": ..., \"cachedInput\": ..., \"output\": ...}]}");
        }
        Map<Key, ModelPrice> prices = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String where = "price table " + source + ", prices[" + i + "]";
            String provider = text(entry, "provider", where);
            String model = text(entry, "model", where);
            try {
                ModelPrice price = new ModelPrice(rate(entry, "input", where), rate(entry, "cachedInput", where),
                        rate(entry, "output", where));
                put(prices, Key.of(provider, model), price);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new PriceTable(Collections.unmodifiableMap(prices));
    }

    /** This table with {@code price} for {@code model} of {@code provider}, replacing any price it had. */
    public PriceTable with(String provider, String model, ModelPrice price) {
        Key key = Key.of(provider, model);
        Objects.requireNonNull(price, "price");
        Map<Key, ModelPrice> copy = new LinkedHashMap<>(prices);
        put(copy, key, price);
        return new PriceTable(Collections.unmodifiableMap(copy));
    }

    /** This table with every price of {@code overrides} added, replacing prices of the same models. */
    public PriceTable with(PriceTable overrides) {
        Objects.requireNonNull(overrides, "overrides");
        Map<Key, ModelPrice> copy = new LinkedHashMap<>(prices);
        overrides.prices.forEach((key, price) -> put(copy, key, price));
        return new PriceTable(Collections.unmodifiableMap(copy));
    }

    /** The price of {@code model} as {@code provider} reports it, matched as the class comment says. */
    public Optional<ModelPrice> find(String provider, String model) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        String p = provider.toLowerCase(Locale.ROOT);
        String m = model.toLowerCase(Locale.ROOT);
        String base = withoutSnapshot(m);
        ModelPrice price = prices.get(new Key(p, m));
        if (price == null && base != null) {
            price = prices.get(new Key(p, base));
        }
        return price != null ? Optional.of(price) : findModel(model);
    }

    /** The price of {@code model} under any provider, the most recently added first; see the class comment. */
    public Optional<ModelPrice> findModel(String model) {
        Objects.requireNonNull(model, "model");
        String m = model.toLowerCase(Locale.ROOT);
        Optional<ModelPrice> exact = lastWithModel(m);
        if (exact.isPresent()) {
            return exact;
        }
        String base = withoutSnapshot(m);
        return base == null ? Optional.empty() : lastWithModel(base);
    }

    /** What {@code response} cost at its model's price, or {@link Cost#UNKNOWN} when the model has none. */
    public Cost costOf(ChatResponse response) {
        Objects.requireNonNull(response, "response");
        return find(response.provider(), response.model()).map(price -> price.costOf(response.usage())).orElse(Cost.UNKNOWN);
    }

    /** How many prices this table holds. */
    public int size() {
        return prices.size();
    }

    @Override
    public String toString() {
        return "PriceTable[" + prices.size() + " prices]";
    }

    private Optional<ModelPrice> lastWithModel(String model) {
        ModelPrice found = null;
        for (Map.Entry<Key, ModelPrice> entry : prices.entrySet()) {
            if (entry.getKey().model().equals(model)) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The model id without its snapshot suffix, or null when it has none. */
    private static String withoutSnapshot(String model) {
        Matcher matcher = SNAPSHOT_SUFFIX.matcher(model);
        return matcher.matches() ? matcher.group(1) : null;
    }

    private static void put(Map<Key, ModelPrice> prices, Key key, ModelPrice price) {
        prices.remove(key);
        prices.put(key, price);
    }

    private static String text(JsonNode entry, String name, String where) {
        JsonNode value = entry == null ? null : entry.get(name);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + name + "\" is missing or not a non-blank string");
        }
        return value.stringValue();
    }

    private static BigDecimal rate(JsonNode entry, String name, String where) {
        JsonNode value = entry.get(name);
        if (value != null && value.isNumber()) {
            return new BigDecimal(value.toString());
        }
        if (value != null && value.isString()) {
            return ModelPrice.parse(value.stringValue(), name);
        }
        throw new IllegalArgumentException(where + ": \"" + name
                + "\" is missing: give USD per million tokens as a decimal string, e.g. \"0.15\"");
    }

    private record Key(String provider, String model) {
        static Key of(String provider, String model) {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
            if (provider.isBlank() || model.isBlank()) {
                throw new IllegalArgumentException("provider '" + provider + "' or model '" + model
                        + "' is blank: name both, e.g. (\"openai\", \"gpt-4o-mini\")");
            }
            return new Key(provider.strip().toLowerCase(Locale.ROOT), model.strip().toLowerCase(Locale.ROOT));
        }
    }

    /** Loads the bundled table once, on first use. */
    private static final class Bundled {
        static final PriceTable TABLE = read();

        private static PriceTable read() {
            try (InputStream in = PriceTable.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the bundled price table " + BUNDLED_RESOURCE
                            + " is missing from the class path: the llmops-core jar is incomplete");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled price table " + BUNDLED_RESOURCE, e);
            }
        }
    }
}
