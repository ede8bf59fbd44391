package dev.llmops.core.provider.openai;

import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The settings the chat and embedding builders share: where the server is, how to authenticate, timeouts,
 * the HTTP client, the provider name and the clock. Its public methods appear on
 * {@link OpenAiChatModel.Builder} and {@link OpenAiEmbeddingModel.Builder}.
 *
 * <p>Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class OpenAiBuilder<B extends OpenAiBuilder<B>> {
    final OpenAiEndpoint.Settings settings = new OpenAiEndpoint.Settings();

    OpenAiBuilder() {
    }

    abstract B self();

    /**
     * The API root, to which the operation ({@code /chat/completions}, {@code /embeddings}) is appended;
     * default {@code https://api.openai.com/v1}.
     */
    public B baseUrl(String baseUrl) {
        settings.baseUrl(baseUrl);
        return self();
    }

    /**
     * The API key, sent as {@code Authorization: Bearer} (or {@code api-key} for Azure). Leave unset for a
     * server that needs none: then no {@code Authorization} header is sent.
     */
    public B apiKey(String apiKey) {
        settings.apiKey(apiKey);
        return self();
    }

    /** The OpenAI organization id, sent as {@code OpenAI-Organization}. */
    public B organization(String organization) {
        settings.organization(organization);
        return self();
    }

    /** The OpenAI project id, sent as {@code OpenAI-Project}. */
    public B project(String project) {
        settings.project(project);
        return self();
    }

    /** An extra header sent with every request (replacing an earlier one of the same name). */
    public B header(String name, String value) {
        settings.header(name, value);
        return self();
    }

    /**
     * Calls an Azure OpenAI deployment: {@code {endpoint}/openai/deployments/{deployment}/<operation>?api-version=...},
     * with the key in the {@code api-key} header. Replaces {@link #baseUrl(String)}; no model need be named (the
     * deployment chooses it). The provider name becomes {@code azure} unless {@link #providerName(String)} is set.
     */
    public B azure(String endpoint, String deployment, String apiVersion) {
        settings.azure(endpoint, deployment, apiVersion);
        return self();
    }

    /** The model, e.g. {@code gpt-4o-mini} or {@code text-embedding-3-small}. */
    public B model(String model) {
        settings.model(model);
        return self();
    }

    /** How long to wait for a connection; default 10 s; {@link Duration#ZERO} for none. */
    public B connectTimeout(Duration timeout) {
        settings.http.connectTimeout(timeout);
        return self();
    }

    /** How long to wait for each read (between streamed chunks, too); default 60 s; {@link Duration#ZERO} for none. */
    public B readTimeout(Duration timeout) {
        settings.http.readTimeout(timeout);
        return self();
    }

    /** The most a whole call may take, streaming included; default none. */
    public B callTimeout(Duration timeout) {
        settings.http.callTimeout(timeout);
        return self();
    }

    /**
     * The OkHttp client to derive this model's client from (sharing its pool and dispatcher). Default: one
     * client shared by every llmops model in the JVM.
     */
    public B httpClient(OkHttpClient client) {
        settings.http.httpClient(client);
        return self();
    }

    /** The name reported in responses and exceptions, e.g. {@code vllm}; default {@code openai} ({@code azure} for Azure). */
    public B providerName(String providerName) {
        settings.http.providerName(providerName);
        return self();
    }

    /** The clock that measures latency and reads {@code Retry-After} dates; default the system UTC clock. */
    public B clock(Clock clock) {
        settings.http.clock(clock);
        return self();
    }
}
