package io.weft.storage;

import io.weft.core.store.JournalRoll;
import io.weft.core.codec.MqttProperties;
import io.weft.core.codec.PropertyId;
import io.weft.core.codec.QoS;
import io.weft.core.session.Message;
import io.weft.core.store.StoredMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Messages and file helpers shared by the journal tests. */
final class JournalFixtures {

    private JournalFixtures() {
    }

    static Message message(String topic, String payload) {
        return new Message(topic, payload.getBytes(), QoS.AT_LEAST_ONCE, false,
                MqttProperties.builder().put(PropertyId.CONTENT_TYPE, "text/plain").build(), "publisher");
    }

    static StoredMessage stored(String topic, String payload) {
        return new StoredMessage(message(topic, payload), 1_700_000_000_000L);
    }

    static StorageSettings settings(Path directory) {
        return StorageSettings.defaults(directory).withRoll(JournalRoll.SECONDLY);
    }

    static List<Path> cycleFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(Journal.SUFFIX)).sorted().toList();
        }
    }

    /** The offset of {@code marker}'s bytes in {@code file}, or -1. */
    static int find(byte[] file, String marker) {
        byte[] needle = marker.getBytes();
        outer:
        for (int i = 0; i <= file.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (file[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
