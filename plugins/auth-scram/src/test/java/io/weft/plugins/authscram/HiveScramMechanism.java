package io.weft.plugins.authscram;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HiveMQ MQTT client's enhanced authentication, played by scram-client: client-first-message in the CONNECT (or
 * AUTH 0x19), client-final-message in answer to AUTH 0x18, and the server's signature checked on success (a wrong
 * one makes the client give up the connection). Thread-safe: the HiveMQ client calls it on its own threads.
 */
final class HiveScramMechanism implements Mqtt5EnhancedAuthMechanism {

    private final String method;
    private volatile String user;
    private volatile String password;
    private volatile ScramClient scram;
    private final AtomicInteger verifiedServerSignatures = new AtomicInteger();

    HiveScramMechanism(String method, String user, String password) {
        this.method = method;
        this.user = user;
        this.password = password;
    }

    /** The credentials of the next authentication (a re-authentication, say). */
    void credentials(String newUser, String newPassword) {
        this.user = newUser;
        this.password = newPassword;
    }

    /** Successes whose server-final-message carried a signature the client verified. */
    int verifiedServerSignatures() {
        return verifiedServerSignatures.get();
    }

    @Override
    public MqttUtf8String getMethod() {
        return MqttUtf8String.of(method);
    }

    @Override
    public int getTimeout() {
        return 10;
    }

    private byte[] clientFirst() {
        scram = ScramClient.builder().advertisedMechanisms(List.of(method)).username(user)
                .password(password.toCharArray()).build();
        return scram.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
                                          Mqtt5EnhancedAuthBuilder builder) {
        builder.data(clientFirst());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder builder) {
        builder.data(clientFirst());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder builder) {
        try {
            scram.serverFirstMessage(text(auth.getData()));
            builder.data(scram.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(true);
        } catch (ScramException | RuntimeException unexpected) {
            return CompletableFuture.completedFuture(false);
        }
    }

    @Override
    public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        return CompletableFuture.completedFuture(verify(connAck.getEnhancedAuth().flatMap(Mqtt5EnhancedAuth::getData)));
    }

    @Override
    public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
        return CompletableFuture.completedFuture(verify(auth.getData()));
    }

    private boolean verify(Optional<ByteBuffer> data) {
        try {
            scram.serverFinalMessage(text(data));
            verifiedServerSignatures.incrementAndGet();
            return true;
        } catch (ScramException | RuntimeException wrongSignature) {
            return false;
        }
    }

    @Override
    public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
    }

    @Override
    public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
    }

    @Override
    public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
    }

    @Override
    public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
    }

    private static String text(Optional<ByteBuffer> data) {
        ByteBuffer buffer = data.orElseThrow(() -> new IllegalStateException("no Authentication Data")).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
