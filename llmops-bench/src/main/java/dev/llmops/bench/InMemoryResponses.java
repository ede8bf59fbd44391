package dev.llmops.bench;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An OkHttp client whose every call is answered from memory by an application interceptor, so a benchmark
 * measures the library's request writing and response parsing with no network in the way.
 *
 * <p>Immutable and thread-safe.
 */
final class InMemoryResponses implements Interceptor {
    private final byte[] body;
    private final MediaType type;

    private InMemoryResponses(byte[] body, String contentType) {
        this.body = body;
        this.type = MediaType.get(contentType);
    }

    /** A client answering every request with {@code body}. */
    static OkHttpClient client(byte[] body, String contentType) {
        return new OkHttpClient.Builder().addInterceptor(new InMemoryResponses(body, contentType)).build();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        return new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(200)
                .message("OK")
                .body(ResponseBody.create(body, type))
                .build();
    }
}
