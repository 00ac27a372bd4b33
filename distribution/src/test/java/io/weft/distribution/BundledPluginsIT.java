package io.weft.distribution;

import com.sun.net.httpserver.HttpServer;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged auth-http and auth-jwt plugins, each loaded from its folder under plugins/ with its own libraries
 * (Gson and Caffeine, Nimbus), chained in one bin/weft: the HTTP service decides its users and ignores the others,
 * whose passwords are then JWTs. A library missing from a bundle would fail here, not in the modules' own tests.
 */
@Tag("process")
class BundledPluginsIT {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

    @TempDir
    Path directory;

    /** An HS256 token for {@code subject}, valid for an hour. */
    private static String token(String subject) throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"" + subject + "\",\"exp\":"
                + Instant.now().plusSeconds(3600).getEpochSecond() + ",\"publish\":[\"#\"],\"subscribe\":[\"#\"]}")
                .getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + base64.encodeToString(signature);
    }

    private static int connect(int port, String user, String password) throws MqttException {
        return PahoConnect.result(port, "client-" + user, user, password);
    }

    @Test
    void httpServiceThenTokensThroughTheirBundles() throws Exception {
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/auth", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer = !body.contains("\"username\":\"alice\"") ? "{\"result\":\"ignore\"}"
                    : body.contains("\"password\":\"secret\"") ? "{\"result\":\"allow\"}"
                    : "{\"result\":\"deny\",\"reasonCode\":\"bad_username_or_password\"}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        service.start();
        Path file = Files.writeString(directory.resolve("weft.yaml"), """
                plugins:
                  instances:
                    service:
                      type: auth-http
                      authentication-url: http://127.0.0.1:%d/auth
                    tokens:
                      type: auth-jwt
                      secret: %s
                """.formatted(service.getAddress().getPort(), SECRET));
        try (WeftProcess weft = WeftProcess.start(directory, "--config", file.toString(), "--port", "0",
                "--data-dir", directory.resolve("data").toString())) {
            int port = weft.awaitReady();
            assertThat(connect(port, "alice", "secret")).isZero();
            assertThat(connect(port, "alice", "wrong")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            assertThat(connect(port, "bob", token("bob"))).as("the service ignores bob; his token lets him in")
                    .isZero();
            assertThat(connect(port, "bob", token("mallory"))).as("a token for someone else")
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
            weft.terminate();
        } finally {
            service.stop(0);
        }
    }
}
