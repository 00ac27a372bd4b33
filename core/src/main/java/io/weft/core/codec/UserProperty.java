package io.weft.core.codec;

import java.util.Objects;

/** One MQTT 5.0 user property: a UTF-8 string pair; names may repeat and order is kept. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
