package dev.llmops.core.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 server that answers OpenAI-shaped chat requests with a seeded random mix of faults:
 * 429 with {@code Retry-After}, 500/502/503/529, a connection reset in the middle of a body, headers
 * stalled past the client's read timeout, an SSE stream cut before {@code [DONE]}, and malformed JSON.
 *
 * <p>It is written on raw sockets rather than MockWebServer because the faults are about the socket: a
 * reset (RST, via {@code SO_LINGER 0}) half-way through a declared body, and a stall that holds a request
 * open. It records every request it saw, with the time on the injected clock, the call id found in the
 * body ({@code call-<n>}) and the fault it chose, so a test can check what the server observed.
 *
 * <p>Thread-safe; one accept thread, one virtual thread per connection.
 */
final class FaultServer implements Closeable {

    /** What the server does with one request. */
    enum Fault {
        OK, RATE_LIMITED, SERVER_ERROR_500, BAD_GATEWAY_502, UNAVAILABLE_503, OVERLOADED_529,
        RESET_MID_BODY, STALL_HEADERS, CUT_STREAM, MALFORMED_JSON
    }

    /** One request as the server saw it. */
    record Seen(int sequence, Instant at, String callId, boolean streaming, Fault fault, Duration retryAfter) {
    }

    private static final Pattern CALL_ID = Pattern.compile("call-\\d+");

    private final ServerSocket serverSocket;
    private final Clock clock;
    private final FaultPlan plan;
    private final Duration stall;
    private final List<Seen> seen = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * @param plan  chooses the fault for each request, in arrival order
     * @param clock the clock requests are time-stamped with (the test's virtual clock)
     * @param stall how long a stalled request holds its headers back (real time; longer than the client's
     *              read timeout)
     */
    FaultServer(FaultPlan plan, Clock clock, Duration stall) throws IOException {
        this.plan = plan;
        this.clock = clock;
        this.stall = stall;
        this.serverSocket = new ServerSocket(0, 128, InetAddress.getByName("127.0.0.1"));
        this.acceptor = Thread.ofPlatform().name("fault-server-accept").daemon().start(this::acceptLoop);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + serverSocket.getLocalPort() + "/v1";
    }

    /** Every request seen so far, in arrival order. */
    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Connections currently open on the server side. */
    int openConnections() {
        return open.size();
    }

    /** Connections accepted since the start. */
    int acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                accepted.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().name("fault-server-conn").start(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("fault server accept failed", e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                if (!answer(socket, out, request)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away (a timeout, a cancelled call): nothing to answer.
        } finally {
            open.remove(socket);
        }
    }

    /** Answers one request; returns whether the connection stays usable. */
    private boolean answer(Socket socket, OutputStream out, Request request) throws IOException {
        Matcher id = CALL_ID.matcher(request.body);
        String callId = id.find() ? id.group() : "";
        boolean streaming = request.body.contains("\"stream\":true");
        Fault fault;
        Duration retryAfter = null;
        synchronized (seen) {
            fault = plan.next();
            if (fault == Fault.RATE_LIMITED) {
                retryAfter = plan.retryAfter();
            }
            seen.add(new Seen(seen.size(), clock.instant(), callId, streaming, fault, retryAfter));
        }
        switch (fault) {
            case OK -> {
                if (streaming) {
                    writeStream(out, callId, true);
                } else {
                    writeResponse(out, 200, "application/json", completion(callId), "");
                }
                return true;
            }
            case RATE_LIMITED -> {
                writeResponse(out, 429, "application/json",
                        error("rate_limit_exceeded", "Rate limit reached for requests"),
                        "Retry-After: " + retryAfter.toSeconds() + "\r\n");
                return true;
            }
            case SERVER_ERROR_500 -> {
                writeResponse(out, 500, "application/json", error("server_error", "The server had an error"), "");
                return true;
            }
            case BAD_GATEWAY_502 -> {
                writeResponse(out, 502, "text/html", "<html><body>502 Bad Gateway</body></html>", "");
                return true;
            }
            case UNAVAILABLE_503 -> {
                writeResponse(out, 503, "application/json", error("service_unavailable", "Slow down"), "");
                return true;
            }
            case OVERLOADED_529 -> {
                writeResponse(out, 529, "application/json", error("overloaded", "Overloaded"), "");
                return true;
            }
            case MALFORMED_JSON -> {
                writeResponse(out, 200, "application/json", "{\"id\":\"chatcmpl-broken\",\"choices\":[{\"mess", "");
                return true;
            }
            case RESET_MID_BODY -> {
                byte[] body = (streaming ? sse(callId, true) : completion(callId)).getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 200 OK\r\nContent-Type: "
                        + (streaming ? "text/event-stream" : "application/json")
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                reset(socket);
                return false;
            }
            case STALL_HEADERS -> {
                try {
                    Thread.sleep(stall);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            case CUT_STREAM -> {
                if (streaming) {
                    writeStream(out, callId, false);
                } else {
                    String body = completion(callId);
                    String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    out.write(body.substring(0, body.length() / 2).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                return false;
            }
            default -> throw new IllegalStateException("unhandled fault " + fault);
        }
    }

    private static void reset(Socket socket) throws SocketException {
        socket.setSoLinger(true, 0);
    }

    private static void writeResponse(OutputStream out, int status, String contentType, String body, String extraHeaders)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\n" + extraHeaders + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** A streamed answer, chunked; when {@code complete} is false the connection closes before [DONE]. */
    private static void writeStream(OutputStream out, String callId, boolean complete) throws IOException {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + (complete ? "Transfer-Encoding: chunked\r\n" : "Connection: close\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        String body = sse(callId, complete);
        if (complete) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    static String completion(String callId) {
        return "{\"id\":\"chatcmpl-" + callId + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"answer to " + callId + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":4,\"total_tokens\":16}}";
    }

    private static String sse(String callId, boolean complete) {
        StringBuilder body = new StringBuilder();
        String[] pieces = {"answer ", "to ", callId};
        for (String piece : pieces) {
            body.append("data: {\"id\":\"chatcmpl-").append(callId).append("\",\"object\":\"chat.completion.chunk\",")
                    .append("\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,")
                    .append("\"delta\":{\"content\":\"").append(piece).append("\"},\"finish_reason\":null}]}\n\n");
            if (!complete) {
                return body.toString();
            }
        }
        body.append("data: {\"id\":\"chatcmpl-").append(callId).append("\",\"object\":\"chat.completion.chunk\",")
                .append("\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,")
                .append("\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        body.append("data: {\"id\":\"chatcmpl-").append(callId).append("\",\"object\":\"chat.completion.chunk\",")
                .append("\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],")
                .append("\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":4,\"total_tokens\":16}}\n\n");
        body.append("data: [DONE]\n\n");
        return body.toString();
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + code + "\",\"param\":null,\"code\":\""
                + code + "\"}}";
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    @Override
    public void close() throws IOException {
        closed = true;
        serverSocket.close();
        for (Socket socket : open) {
            socket.close();
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Chooses the fault for each request, in arrival order. Not thread-safe; the server calls it under a lock. */
    interface FaultPlan {
        Fault next();

        /** The wait a 429 asks for. */
        Duration retryAfter();

        /** Every fault, with {@code okPercent} percent of requests answered properly, seeded. */
        static FaultPlan mixed(long seed, int okPercent, int maxRetryAfterSeconds) {
            if (okPercent < 0 || okPercent > 100) {
                throw new IllegalArgumentException("okPercent " + okPercent + " is not within 0..100");
            }
            SplittableRandom random = new SplittableRandom(seed);
            Fault[] faults = Fault.values();
            return new FaultPlan() {
                @Override
                public Fault next() {
                    if (random.nextInt(100) < okPercent) {
                        return Fault.OK;
                    }
                    return faults[1 + random.nextInt(faults.length - 1)];
                }

                @Override
                public Duration retryAfter() {
                    return Duration.ofSeconds(1 + random.nextInt(maxRetryAfterSeconds));
                }
            };
        }

        /** The faults in order, then OK forever; a 429 asks for {@code retryAfter}. */
        static FaultPlan sequence(Duration retryAfter, Fault... faults) {
            return new FaultPlan() {
                private int next;

                @Override
                public Fault next() {
                    return next < faults.length ? faults[next++] : Fault.OK;
                }

                @Override
                public Duration retryAfter() {
                    return retryAfter;
                }
            };
        }
    }

    /** The parts of an HTTP/1.1 request the server needs. */
    private record Request(String line, String body) {
        static Request read(InputStream in) throws IOException {
            String line = readLine(in);
            if (line == null || line.isEmpty()) {
                return null;
            }
            int contentLength = 0;
            String header;
            while ((header = readLine(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                    contentLength = Integer.parseInt(header.substring(colon + 1).trim());
                }
            }
            byte[] body = in.readNBytes(contentLength);
            if (body.length < contentLength) {
                return null;
            }
            return new Request(line, new String(body, StandardCharsets.UTF_8));
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
        }
    }
}
