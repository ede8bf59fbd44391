package dev.llmops.bench;

import java.nio.charset.StandardCharsets;

/**
 * Response bodies shaped like OpenAI's chat completions wire format, for the benchmarks.
 *
 * <p>Immutable and thread-safe.
 */
final class OpenAiFixtures {
    private OpenAiFixtures() {
    }

    /**
     * An SSE body of {@code chunks} content chunks (each a few tokens of text, as OpenAI sends them), a
     * finish chunk, a usage chunk and {@code [DONE]}.
     */
    static byte[] sseStream(int chunks) {
        StringBuilder body = new StringBuilder(chunks * 220);
        String prefix = "data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,\"delta\":{";
        body.append(prefix).append("\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        String[] words = {"The ", "quick ", "brown ", "fox ", "jumps ", "over ", "the ", "lazy ", "dog, ", "and \\\"keeps\\\" ",
            "running ", "through ", "the ", "forest\\n"};
        for (int i = 0; i < chunks; i++) {
            body.append(prefix).append("\"content\":\"").append(words[i % words.length])
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }
        body.append(prefix).append("},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
        body.append("data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,"
                + "\"completion_tokens\":").append(chunks).append(",\"total_tokens\":").append(chunks + 19)
                .append(",\"prompt_tokens_details\":{\"cached_tokens\":0}}}\n\n");
        body.append("data: [DONE]\n\n");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A non-streamed completion whose body is about {@code bytes} long (the assistant text fills it). */
    static byte[] completion(int bytes) {
        String head = "{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion\",\"created\":1741570283,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"";
        String tail = "\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":46,\"total_tokens\":1163,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                + "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_fc9f1d7035\"}";
        String sentence = "Vector indexes trade a little recall for a lot of speed; \\\"HNSW\\\" graphs are the usual choice.\\n";
        StringBuilder text = new StringBuilder();
        while (head.length() + text.length() + sentence.length() + tail.length() <= bytes) {
            text.append(sentence);
        }
        return (head + text + tail).getBytes(StandardCharsets.UTF_8);
    }
}
