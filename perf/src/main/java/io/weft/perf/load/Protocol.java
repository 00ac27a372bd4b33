package io.weft.perf.load;

/** The MQTT protocol level the generator speaks: 3.1.1 (level 4) by default, 5.0 with {@code --protocol 5}. */
enum Protocol {
    MQTT_3_1_1(4),
    MQTT_5(5);

    private final int level;

    Protocol(int level) {
        this.level = level;
    }

    int level() {
        return level;
    }

    boolean isMqtt5() {
        return this == MQTT_5;
    }
}
