package dev.llmops.core.provider.openai;

import static dev.llmops.core.provider.openai.MockOpenAi.completion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.core.ChatOptions;
import dev.llmops.core.ChatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Builder validation, endpoints, headers and secrets of {@link OpenAiChatModel}. */
class OpenAiChatModelConfigTest {
    @RegisterExtension
    final MockOpenAi server = new MockOpenAi();

    private RecordedRequest sendWith(OpenAiChatModel model) throws InterruptedException {
        server.enqueueJson(completion("ok"));
        model.chat("Hi");
        return server.take();
    }

    @Test
    void sendsTheKeyAsBearer() throws InterruptedException {
        RecordedRequest request = sendWith(server.chat().build());
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + MockOpenAi.KEY);
        assertThat(request.getHeaders().get("api-key")).isNull();
    }

    @Test
    void aLocalServerWithoutKeyGetsNoAuthorizationHeader() throws InterruptedException {
        RecordedRequest request = sendWith(OpenAiChatModel.builder().baseUrl(server.baseUrl()).model("llama3.2").build());
        assertThat(request.getHeaders().names()).doesNotContain("Authorization", "authorization", "api-key");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void aBaseUrlWithATrailingSlashGivesTheSamePath() throws InterruptedException {
        RecordedRequest request = sendWith(OpenAiChatModel.builder().baseUrl(server.baseUrl() + "/").model("m").build());
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void azureUsesTheDeploymentUrlAndTheApiKeyHeader() throws InterruptedException {
        RecordedRequest request = sendWith(OpenAiChatModel.builder()
                .azure(server.rootUrl(), "my-gpt4o", "2024-10-21").apiKey(MockOpenAi.KEY).build());
        assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/deployments/my-gpt4o/chat/completions");
        assertThat(request.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
        assertThat(request.getHeaders().get("api-key")).isEqualTo(MockOpenAi.KEY);
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void azureNeedsNoModelAndSendsNone() throws InterruptedException {
        server.enqueueJson(completion("ok"));
        OpenAiChatModel.builder().azure(server.rootUrl(), "my-gpt4o", "2024-10-21").apiKey(MockOpenAi.KEY).build().chat("Hi");
        assertThat(server.takeBody().has("model")).isFalse();
    }

    @Test
    void azureIsTheDefaultProviderNameForAzure() {
        server.enqueueJson(completion("ok"));
        assertThat(OpenAiChatModel.builder().azure(server.rootUrl(), "d", "2024-10-21").build().chat("Hi").provider())
                .isEqualTo("azure");
    }

    @Test
    void sendsOrganizationProjectAndExtraHeaders() throws InterruptedException {
        RecordedRequest request = sendWith(server.chat().organization("org-123").project("proj_456")
                .header("X-Request-Source", "tests").header("HTTP-Referer", "https://llmops.dev").build());
        assertThat(request.getHeaders().get("OpenAI-Organization")).isEqualTo("org-123");
        assertThat(request.getHeaders().get("OpenAI-Project")).isEqualTo("proj_456");
        assertThat(request.getHeaders().get("X-Request-Source")).isEqualTo("tests");
        assertThat(request.getHeaders().get("HTTP-Referer")).isEqualTo("https://llmops.dev");
    }

    @Test
    void aLaterHeaderOfTheSameNameReplacesTheEarlier() throws InterruptedException {
        RecordedRequest request = sendWith(server.chat().header("X-Tenant", "a").header("X-Tenant", "b").build());
        assertThat(request.getHeaders().values("X-Tenant")).containsExactly("b");
    }

    @Test
    void usesTheGivenHttpClient() throws InterruptedException {
        OkHttpClient client = new OkHttpClient.Builder()
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Intercepted", "yes").build()))
                .build();
        RecordedRequest request = sendWith(server.chat().httpClient(client).build());
        assertThat(request.getHeaders().get("X-Intercepted")).isEqualTo("yes");
    }

    @Test
    void aRequestWithNoModelAnywhereFailsNamingHowToSetOne() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl()).build();
        assertThatThrownBy(() -> model.chat("Hi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no model")
                .hasMessageContaining(".model(")
                .hasMessageContaining("withModel");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aModelInDefaultOptionsIsEnough() throws InterruptedException {
        server.enqueueJson(completion("ok"));
        OpenAiChatModel.builder().baseUrl(server.baseUrl()).defaultOptions(ChatOptions.of("qwen2.5")).build()
                .chat(ChatRequest.of("Hi"));
        assertThat(server.takeBody().get("model").stringValue()).isEqualTo("qwen2.5");
    }

    @Test
    void rejectsABlankModel() {
        assertThatThrownBy(() -> OpenAiChatModel.builder().model(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model is blank").hasMessageContaining("gpt-4o-mini");
    }

    @Test
    void rejectsABlankBaseUrl() {
        assertThatThrownBy(() -> OpenAiChatModel.builder().baseUrl(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseUrl is blank");
    }

    @Test
    void rejectsABadBaseUrl() {
        assertThatThrownBy(() -> OpenAiChatModel.builder().baseUrl("localhost:11434/v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseUrl 'localhost:11434/v1'")
                .hasMessageContaining("http://localhost:11434/v1");
    }

    @Test
    void rejectsNegativeTimeouts() {
        assertThatThrownBy(() -> OpenAiChatModel.builder().connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout PT-1S is negative");
        assertThatThrownBy(() -> OpenAiChatModel.builder().readTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> OpenAiChatModel.builder().callTimeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
    }

    @Test
    void rejectsABlankApiKey() {
        assertThatThrownBy(() -> OpenAiChatModel.builder().apiKey("  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey is blank");
    }

    @Test
    void rejectsAnIncompleteAzureSetting() {
        assertThatThrownBy(() -> OpenAiChatModel.builder().azure("https://r.openai.azure.com", "", "2024-10-21"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("azure deployment is blank");
        assertThatThrownBy(() -> OpenAiChatModel.builder().azure("https://r.openai.azure.com", "d", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("azure apiVersion is blank");
    }

    @Test
    void rejectsAnInvalidHeaderName() {
        assertThatThrownBy(() -> OpenAiChatModel.builder().header("X Bad", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsTheKey() {
        OpenAiChatModel model = server.chat().header("X-Tenant", "acme").build();
        assertThat(model.toString()).doesNotContain(MockOpenAi.KEY).contains("gpt-4o-mini").contains("[REDACTED]");
        assertThat(OpenAiChatModel.builder().azure("https://r.openai.azure.com", "d", "2024-10-21").apiKey(MockOpenAi.KEY).build()
                .toString()).doesNotContain(MockOpenAi.KEY).contains("r.openai.azure.com");
    }

    @Test
    void aBuiltModelDoesNotChangeWhenTheBuilderDoes() throws InterruptedException {
        OpenAiChatModel.Builder builder = server.chat();
        OpenAiChatModel model = builder.build();
        builder.model("other-model").header("X-Late", "1");
        RecordedRequest request = sendWith(model);
        assertThat(request.getHeaders().get("X-Late")).isNull();
        assertThat(request.getBody().utf8()).contains("\"gpt-4o-mini\"");
    }

    @Test
    void theDefaultBaseUrlIsOpenAiAndGetsMaxCompletionTokens() throws InterruptedException {
        List<HttpUrl> asked = new CopyOnWriteArrayList<>();
        HttpUrl mock = HttpUrl.get(server.baseUrl());
        OkHttpClient redirecting = new OkHttpClient.Builder().addInterceptor(chain -> {
            asked.add(chain.request().url());
            HttpUrl to = chain.request().url().newBuilder().scheme("http").host(mock.host()).port(mock.port()).build();
            return chain.proceed(chain.request().newBuilder().url(to).build());
        }).build();
        server.enqueueJson(completion("ok"));
        OpenAiChatModel.builder().apiKey(MockOpenAi.KEY).model("gpt-4o-mini").httpClient(redirecting).build()
                .chat(ChatRequest.of("Hi").withOptions(ChatOptions.defaults().withMaxTokens(5)));
        assertThat(asked).containsExactly(HttpUrl.get("https://api.openai.com/v1/chat/completions"));
        JsonNode body = server.takeBody();
        assertThat(body.get("max_completion_tokens").intValue()).isEqualTo(5);
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void oneModelServesManyConcurrentCalls() throws Exception {
        int calls = 64;
        for (int i = 0; i < calls; i++) {
            server.enqueueJson(completion("ok"));
        }
        OpenAiChatModel model = server.chat().build();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                answers.add(threads.submit(() -> model.chat("Hi").text()));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
            }
        }
        assertThat(server.requestCount()).isEqualTo(calls);
    }
}
