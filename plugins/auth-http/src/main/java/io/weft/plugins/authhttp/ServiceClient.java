package io.weft.plugins.authhttp;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Thread-safe: called on clients' virtual threads, many at once, which wait for the answer (a virtual thread
 * parks, so waiting pins no carrier thread); the HTTP client's own threads do the I/O. Posts a JSON object to the
 * service and returns the JSON object it answers. The request timeout bounds the whole exchange, connection
 * included.
 */
final class ServiceClient implements AutoCloseable {

    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Map<String, String> headers;
    private final ServiceMetrics metrics;

    ServiceClient(HttpAuthSettings settings, ServiceMetrics metrics) {
        // HTTP/1.1: a plain-http service is not asked to upgrade to h2c, which many servers mishandle.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = settings.requestTimeout();
        this.connectTimeout = settings.connectTimeout();
        this.headers = settings.headers();
        this.metrics = metrics;
    }

    /**
     * Sends {@code body} and returns the answer of a 200 response, which must be a JSON object.
     *
     * @throws ServiceFailure naming {@code url} and what went wrong; when the calling thread was interrupted its
     *                        interrupt status is set again
     */
    JsonObject post(ServiceMetrics.Endpoint endpoint, URI url, JsonObject body) throws ServiceFailure {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .setHeader("Content-Type", "application/json").setHeader("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(builder::setHeader);
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(builder.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = exchange.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (response.statusCode() != 200) {
                throw new ServiceFailure(ServiceFailure.Kind.STATUS, url + " answered HTTP " + response.statusCode());
            }
            return object(url, response.body());
        } catch (TimeoutException late) {
            exchange.cancel(true);
            throw timedOut(url);
        } catch (InterruptedException interrupted) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new ServiceFailure(ServiceFailure.Kind.INTERRUPTED, "the call to " + url + " was abandoned");
        } catch (ExecutionException failed) {
            throw failure(url, failed.getCause());
        } finally {
            // The body holds the client's password: wipe these bytes now (the JSON String cannot be wiped, and
            // becomes garbage with this call).
            Arrays.fill(bytes, (byte) 0);
            metrics.took(endpoint, System.nanoTime() - start);
        }
    }

    private ServiceFailure timedOut(URI url) {
        return new ServiceFailure(ServiceFailure.Kind.TIMEOUT, url + " did not answer within "
                + requestTimeout.toMillis() + "ms (request-timeout)");
    }

    private ServiceFailure failure(URI url, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new ServiceFailure(ServiceFailure.Kind.TIMEOUT, url + ": no connection within "
                    + connectTimeout.toMillis() + "ms (connect-timeout)");
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut(url);
        }
        return new ServiceFailure(ServiceFailure.Kind.UNREACHABLE, url + " is unreachable: " + describe(cause));
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
    }

    private static JsonObject object(URI url, String text) throws ServiceFailure {
        // Strict: the contract is JSON, not Gson's lenient dialect with unquoted names and values.
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (!element.isJsonObject() || reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ServiceFailure(ServiceFailure.Kind.BAD_RESPONSE, url + " answered 200 with something "
                        + "other than one JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException | IOException malformed) {
            throw new ServiceFailure(ServiceFailure.Kind.BAD_RESPONSE, url + " answered 200 with malformed JSON");
        }
    }

    /** Stops the client's threads and abandons the exchanges still under way. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
