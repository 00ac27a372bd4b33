package io.weft.plugins.authscram;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ServerFinalMessage;
import io.weft.testkit.EnhancedAuthenticationDriver;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * scram-client (the library pgjdbc uses) as the client of an {@link EnhancedAuthenticationDriver} exchange; it
 * checks the server's signature in the server-final-message, throwing when it is wrong.
 */
final class ScramTestClient implements EnhancedAuthenticationDriver.Client {

    private final ScramClient client;
    private ServerFinalMessage serverFinal;

    private ScramTestClient(ScramClient client) {
        this.client = client;
    }

    static ScramTestClient of(String method, String user, String password) {
        return new ScramTestClient(ScramClient.builder().advertisedMechanisms(List.of(method)).username(user)
                .password(password.toCharArray()).build());
    }

    @Override
    public byte[] initialData() {
        return client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] answer(byte[] challenge) throws Exception {
        client.serverFirstMessage(new String(challenge, StandardCharsets.UTF_8));
        return client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void succeeded(byte[] data) throws Exception {
        serverFinal = client.serverFinalMessage(new String(data, StandardCharsets.UTF_8));
    }

    /** The server-final-message whose signature the client verified; null before a success. */
    ServerFinalMessage verifiedServerFinal() {
        return serverFinal;
    }
}
