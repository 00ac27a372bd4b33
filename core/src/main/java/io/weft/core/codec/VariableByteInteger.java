package io.weft.core.codec;

/** Sizes of the variable byte integer encoding [MQTT-1.5.5]: seven bits per byte, at most four bytes. */
final class VariableByteInteger {

    /** The largest value four bytes can carry. */
    static final int MAXIMUM = 268_435_455;

    private VariableByteInteger() {
    }

    /** The number of bytes {@code value} takes in its shortest encoding. */
    static int size(int value) {
        if (value < 0 || value > MAXIMUM) {
            throw new IllegalArgumentException("variable byte integer out of range: " + value);
        }
        if (value < 0x80) {
            return 1;
        }
        if (value < 0x4000) {
            return 2;
        }
        return value < 0x20_0000 ? 3 : 4;
    }
}
