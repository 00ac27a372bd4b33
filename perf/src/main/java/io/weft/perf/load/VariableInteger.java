package io.weft.perf.load;

/** MQTT variable byte integers (5.0 property lengths), read in place. */
final class VariableInteger {

    private VariableInteger() {
    }

    /** The position after the property block whose length starts at {@code position}. */
    static int skip(byte[] buffer, int position) {
        int value = 0;
        int shift = 0;
        int digit;
        do {
            digit = buffer[position++];
            value |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0 && shift < 28);
        return position + value;
    }
}
