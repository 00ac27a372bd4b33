package io.weft.plugins.authhttp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An authentication service for tests: the JDK's HTTP server on 127.0.0.1 port 0, answering each path as the
 * test says and keeping what it received. Handlers run on virtual threads, so one that hangs holds up no other.
 * {@link #close()} releases hanging handlers and stops the server.
 */
final class FakeAuthService implements AutoCloseable {

    /** One request as the service saw it. */
    record Received(String path, String method, Headers headers, JsonObject body) {
    }

    /** An answer: a status and a body. */
    record Reply(int status, String body) {
        static Reply json(String body) {
            return new Reply(200, body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Function<JsonObject, Reply>> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private FakeAuthService(HttpServer server) {
        this.server = server;
    }

    static FakeAuthService start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeAuthService service = new FakeAuthService(server);
            server.setExecutor(service.executor);
            server.createContext("/", service::handle);
            server.start();
            return service;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers {@code path} with 200 and {@code json}. */
    FakeAuthService answer(String path, String json) {
        return answer(path, body -> Reply.json(json));
    }

    FakeAuthService answer(String path, int status, String body) {
        return answer(path, request -> new Reply(status, body));
    }

    FakeAuthService answer(String path, Function<JsonObject, Reply> answer) {
        answers.put(path, answer);
        return this;
    }

    /** Makes {@code path} wait, without answering, until the service is closed. */
    FakeAuthService hang(String path) {
        return answer(path, body -> waitUntilClosed());
    }

    /** Waits (in a handler) until the service is closed, then gives a 503 that nobody is waiting for any more. */
    Reply waitUntilClosed() {
        try {
            release.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return new Reply(503, "");
    }

    List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    Received last(String path) {
        List<Received> requests = received(path);
        if (requests.isEmpty()) {
            throw new AssertionError("no request reached " + path);
        }
        return requests.getLast();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonObject body = text.isEmpty() ? new JsonObject() : JsonParser.parseString(text).getAsJsonObject();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, exchange.getRequestMethod(), exchange.getRequestHeaders(), body));
            Function<JsonObject, Reply> answer = answers.get(path);
            Reply reply = answer == null ? new Reply(404, "") : answer.apply(body);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
