package io.weft.core.dispatch;

import io.weft.core.Broker;
import io.weft.core.BrokerSettings;
import io.weft.core.testing.TestBroker;

/**
 * The broker {@link SingleCarrierFloodTest} floods: started in a JVM with one carrier thread for virtual threads and
 * a small ring; prints its port, then serves until its standard input closes.
 */
public final class SingleCarrierFlood {

    private SingleCarrierFlood() {
    }

    public static void main(String[] arguments) throws Exception {
        BrokerSettings defaults = TestBroker.settings();
        BrokerSettings settings = new BrokerSettings(defaults.bindAddress(), 0, defaults.dataDirectory(),
                defaults.maximumPacketSize(), defaults.connectTimeout(), defaults.inflightWindow(),
                defaults.maximumQueuedMessages(), Integer.parseInt(arguments[0]));
        try (Broker broker = Broker.start(settings)) {
            System.out.println(broker.localAddress().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the test closes our standard input
            }
        }
        System.exit(0);
    }
}
