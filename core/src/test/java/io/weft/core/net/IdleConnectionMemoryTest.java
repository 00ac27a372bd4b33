package io.weft.core.net;

import io.weft.core.plugin.PluginSpec;
import io.weft.core.testing.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bound on memory, not on time: what an idle, connected MQTT client costs the broker in heap. The
 * clients live in the same JVM, so their own sockets are measured first (against a listener that never
 * accepts: the kernel completes the handshakes) and subtracted.
 * <p>
 * Most of an idle connection is the frozen stack of its one parked virtual thread (the reader; the writer
 * runs only while there is something to send), and a frozen interpreted frame is several times larger than
 * a compiled one: measured after a single round of 2,000 connections the stack is 2.3 to 3.2 KB, after
 * {@value #WARM_UP_ROUNDS} rounds (the per-connection path compiled by C2, as in a broker that has run) about
 * 0.9 to 1 KB (after 4 rounds it still varied from 1 to 1.6 KB). The test prints the measurement and a
 * per-class breakdown of the growth.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the plugin variant runs with the reader's code compiled
class IdleConnectionMemoryTest {

    private static final int CONNECTIONS = 2000;
    /** Enough connections for C2 to compile the per-connection path (its thresholds are in the thousands). */
    private static final int WARM_UP_ROUNDS = 8;
    private static final long LIMIT_BYTES_PER_CONNECTION = 4096;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    @Test
    @Order(1)
    @DisplayName("an idle connection (CONNECT, CONNACK, then nothing) costs the broker under 4 KiB of heap")
    void idleConnectionCostsUnderFourKibibytes() throws Exception {
        try (TestBroker broker = TestBroker.start()) {
            measure(broker);
        }
    }

    @Test
    @Order(2)
    @DisplayName("with an authorizer plugin (its access policy kept per connection) still under 4 KiB of heap")
    void idleConnectionWithAPluginPolicyCostsUnderFourKibibytes() throws Exception {
        try (TestBroker broker = TestBroker.startWithPlugins(TestBroker.settings(), PluginSpec.of("acl", "test-acl",
                Map.of("read-only", List.of("status/"))))) {
            measure(broker);
        }
    }

    private void measure(TestBroker broker) throws Exception {
        {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", broker.port());
            // Warm up: classes loaded, lazy structures built, the per-connection code compiled (a frozen
            // interpreted frame is larger than a compiled one), as in a broker that has run.
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                closeAll(connectAll(address, CONNECTIONS, true));
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == 0);
            }

            long clientBytes = clientSideBytes();

            List<SocketChannel> clients = new ArrayList<>(CONNECTIONS);
            long before = settledHeapUsed();
            HeapHistogram histogramBefore = HeapHistogram.take();
            try {
                clients.addAll(connectAll(address, CONNECTIONS, true));
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == CONNECTIONS);
                long after = settledHeapUsed();
                // Where the memory went, per connection, for the report (client and broker side together).
                System.out.println("heap growth per connection by class:\n"
                        + HeapHistogram.take().growthSince(histogramBefore, 25, CONNECTIONS));
                long total = (after - before) / CONNECTIONS;
                long brokerBytes = total - clientBytes;
                System.out.printf("idle connection heap: %d bytes per connection in total, %d on the client side,"
                        + " %d on the broker side (%d connections)%n", total, clientBytes, brokerBytes, CONNECTIONS);
                assertThat(brokerBytes).as("broker heap bytes per idle connection").isLessThan(LIMIT_BYTES_PER_CONNECTION);
            } finally {
                closeAll(clients);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().connectionCount() == 0);
        }
    }

    /** Heap per client socket alone, connected to a listener that never accepts (so no server-side objects). */
    private long clientSideBytes() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0), CONNECTIONS + 64);
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            List<SocketChannel> clients = new ArrayList<>(CONNECTIONS);
            long before = settledHeapUsed();
            try {
                clients.addAll(connectAll(address, CONNECTIONS, false));
                long after = settledHeapUsed();
                return (after - before) / CONNECTIONS;
            } finally {
                closeAll(clients);
            }
        }
    }

    /** Opens {@code count} sockets; with {@code mqtt} each sends a 3.1.1 CONNECT and reads its CONNACK. */
    private static List<SocketChannel> connectAll(InetSocketAddress address, int count, boolean mqtt) throws IOException {
        List<SocketChannel> channels = new ArrayList<>(count);
        ByteBuffer connAck = ByteBuffer.allocate(4);
        for (int index = 0; index < count; index++) {
            SocketChannel channel = SocketChannel.open(address);
            channels.add(channel);
            if (!mqtt) {
                continue;
            }
            channel.write(ByteBuffer.wrap(connect(String.format("idle-%05d", index))));
            connAck.clear();
            while (connAck.hasRemaining()) {
                if (channel.read(connAck) < 0) {
                    throw new AssertionError("the broker closed connection " + index + " before CONNACK");
                }
            }
            assertThat(connAck.array()).containsExactly(0x20, 0x02, 0x00, 0x00);
        }
        return channels;
    }

    /** 3.1.1 CONNECT, clean session, keep alive 0 (no read deadline: the connection may idle forever). */
    private static byte[] connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer packet = ByteBuffer.allocate(2 + 10 + 2 + id.length);
        packet.put((byte) 0x10).put((byte) (10 + 2 + id.length));
        packet.put(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0});
        packet.putShort((short) id.length).put(id);
        return packet.array();
    }

    private static void closeAll(List<SocketChannel> channels) throws IOException {
        for (SocketChannel channel : channels) {
            channel.close();
        }
    }

    /** Used heap after full collections; the smallest of several readings, so floating garbage does not count. */
    private long settledHeapUsed() {
        long smallest = Long.MAX_VALUE;
        for (int collection = 0; collection < 5; collection++) {
            System.gc();
            smallest = Math.min(smallest, memory.getHeapMemoryUsage().getUsed());
        }
        return smallest;
    }
}
