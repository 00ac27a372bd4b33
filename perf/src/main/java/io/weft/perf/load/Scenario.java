package io.weft.perf.load;

/** What to measure; each has its own defaults for the options that shape it. */
enum Scenario {
    FAN_IN("fan-in", 0, 10, 1),
    FAN_OUT("fan-out", 0, 1, 10),
    SHARED("shared", 1, 10, 4),
    LATENCY("latency", 1, 1, 1),
    CONNECTIONS("connections", 0, 0, 0),
    BACKLOG("backlog", 1, 1, 1),
    OVERLOAD("overload", 0, 1, 1);

    private final String label;
    private final int defaultQos;
    private final int defaultPublishers;
    private final int defaultSubscribers;

    Scenario(String label, int defaultQos, int defaultPublishers, int defaultSubscribers) {
        this.label = label;
        this.defaultQos = defaultQos;
        this.defaultPublishers = defaultPublishers;
        this.defaultSubscribers = defaultSubscribers;
    }

    static Scenario named(String name) {
        for (Scenario scenario : values()) {
            if (scenario.label.equals(name)) {
                return scenario;
            }
        }
        return null;
    }

    String label() {
        return label;
    }

    int defaultQos() {
        return defaultQos;
    }

    int defaultPublishers() {
        return defaultPublishers;
    }

    int defaultSubscribers() {
        return defaultSubscribers;
    }
}
