package io.weft.core.protocol;

import io.weft.core.codec.MqttPacket.ConnAck;
import io.weft.core.codec.MqttPacket.Connect;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.ProtocolVersion;
import io.weft.core.codec.ReasonCode;
import io.weft.core.testing.Limits;
import io.weft.core.testing.RawClient;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hundreds of clients connecting at once, each on its own virtual thread: every one is answered (admitted or
 * refused with the limit's reason code), none hangs, and the broker's counts add up.
 */
class ConnectionStormTest {

    private static final int CLIENTS = 500;

    private TestBroker broker;
    private final ConcurrentLinkedQueue<RawClient> open = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        open.forEach(RawClient::close);
        broker.close();
    }

    /** Connects once and returns the CONNACK's reason code; an admitted client stays open, a refused one is closed. */
    private ReasonCode attempt(String clientId) {
        RawClient client = new RawClient(broker.port(), ProtocolVersion.MQTT_5);
        client.send(new Connect(ProtocolVersion.MQTT_5, clientId, true, 0, null, null, null, MqttProperties.EMPTY));
        ReasonCode reason = client.receive(ConnAck.class).reasonCode();
        if (reason.equals(ReasonCode.SUCCESS)) {
            open.add(client);
        } else {
            assertThat(client.closedByBroker()).as("a refused client is closed").isTrue();
            client.close();
        }
        return reason;
    }

    private <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(threads.submit(task));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(20, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    @DisplayName("500 clients at once with a connection rate of 100/s: those refused with 0x9F retry, all are served")
    void connectionRateWithRetries() throws Exception {
        broker = TestBroker.start(TestBroker.settings().with(Limits.connections(0, 0, 100)));
        List<Callable<Integer>> clients = new ArrayList<>();
        for (int index = 0; index < CLIENTS; index++) {
            String clientId = "storm-" + index;
            clients.add(() -> {
                int refusals = 0;
                ReasonCode reason;
                while (!(reason = attempt(clientId)).equals(ReasonCode.SUCCESS)) {
                    assertThat(reason).isEqualTo(ReasonCode.CONNECTION_RATE_EXCEEDED);
                    refusals++;
                }
                return refusals;
            });
        }
        int refusals = runAll(clients).stream().mapToInt(Integer::intValue).sum();
        assertThat(open).hasSize(CLIENTS);
        assertThat(refusals).as("500 connections at 100/s with a burst of 100 cannot all find a token within 4 s").isPositive();
        assertThat(broker.broker().counters().refusedConnectionRate.sum()).isEqualTo(refusals);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == CLIENTS);
    }

    @Test
    @DisplayName("500 clients at once against limits.max-connections 100: exactly 100 admitted, 400 get 0x89, none hangs")
    void connectionLimitUnderAStorm() throws Exception {
        broker = TestBroker.start(TestBroker.settings().with(Limits.connections(100, 0, 0)));
        List<Callable<ReasonCode>> clients = new ArrayList<>();
        for (int index = 0; index < CLIENTS; index++) {
            String clientId = "storm-" + index;
            clients.add(() -> attempt(clientId));
        }
        List<ReasonCode> answers = runAll(clients);
        assertThat(answers).filteredOn(ReasonCode.SUCCESS::equals).hasSize(100);
        assertThat(answers).filteredOn(reason -> !reason.equals(ReasonCode.SUCCESS))
                .hasSize(CLIENTS - 100).containsOnly(ReasonCode.SERVER_BUSY);
        assertThat(broker.broker().counters().refusedConnectionLimit.sum()).isEqualTo(CLIENTS - 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == 100);

        open.forEach(RawClient::close);
        open.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == 0);
        assertThat(attempt("after-the-storm")).isEqualTo(ReasonCode.SUCCESS);
    }
}
