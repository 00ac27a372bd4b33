package io.weft.spi;

import java.util.Objects;

/**
 * An MQTT 5 user property: a name and value pair; a packet may hold the same name more than once.
 *
 * @since 1.0
 */
public record UserProperty(String name, String value) {

    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
