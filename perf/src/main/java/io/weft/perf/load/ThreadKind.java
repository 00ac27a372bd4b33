package io.weft.perf.load;

/** The kind of thread that runs each connection ({@code --threads}). */
enum ThreadKind {
    PLATFORM,
    VIRTUAL;

    Thread start(String name, Runnable body) {
        return switch (this) {
            case PLATFORM -> Thread.ofPlatform().name(name).daemon().start(body);
            case VIRTUAL -> Thread.ofVirtual().name(name).start(body);
        };
    }
}
