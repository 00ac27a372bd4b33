package io.weft.core.metrics;

import io.weft.core.codec.ReasonCode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;

/**
 * Label values for MQTT reason codes: the constant's name in {@link ReasonCode}, lower-cased
 * ({@code SERVER_BUSY} is {@code server_busy}). Immutable, any thread.
 */
final class ReasonLabels {

    /** The label of a connection that ended without a DISCONNECT. */
    static final String NONE = "none";
    private static final String[] NAMES = names();

    private ReasonLabels() {
    }

    /** In a CONNACK: 0x00 is {@code success}. */
    static String connect(ReasonCode reason) {
        return NAMES[reason.value()];
    }

    /** In a DISCONNECT: 0x00 is {@code normal_disconnection}; null (no DISCONNECT) is {@value #NONE}. */
    static String disconnect(ReasonCode reason) {
        if (reason == null) {
            return NONE;
        }
        return reason.value() == 0 ? "normal_disconnection" : NAMES[reason.value()];
    }

    /** Several names share 0x00 (Success, Normal disconnection, Granted QoS 0): it is named by context above. */
    private static String[] names() {
        String[] names = new String[256];
        for (Field field : ReasonCode.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ReasonCode.class) {
                int value = read(field).value();
                if (names[value] == null) {
                    names[value] = field.getName().toLowerCase(Locale.ROOT);
                }
            }
        }
        names[0] = "success";
        for (int value = 0; value < names.length; value++) {
            if (names[value] == null) {
                names[value] = String.format("0x%02x", value);
            }
        }
        return names;
    }

    private static ReasonCode read(Field field) {
        try {
            return (ReasonCode) field.get(null);
        } catch (IllegalAccessException impossible) {
            throw new IllegalStateException("public constant not readable: " + field.getName(), impossible);
        }
    }
}
