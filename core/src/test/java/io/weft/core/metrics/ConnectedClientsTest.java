package io.weft.core.metrics;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectedClientsTest {

    @Test
    @DisplayName("the maximum is the highest number connected at once; it does not fall when clients leave")
    void maximumIsTheHighestSeen() {
        ConnectedClients clients = new ConnectedClients();
        clients.connected();
        clients.connected();
        clients.disconnected();
        clients.connected();
        clients.disconnected();
        clients.disconnected();

        assertThat(clients.current()).isZero();
        assertThat(clients.maximum()).isEqualTo(2);
    }
}
