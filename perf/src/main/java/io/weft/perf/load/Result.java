package io.weft.perf.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owned by the thread that runs the scenario. The outcome of one run: named values in a fixed order, printed
 * as one JSON object on one line, and the exit status.
 */
public final class Result {

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private int exitStatus;

    Result(Options options) {
        fields.put("scenario", options.scenario().label());
        if (options.label() != null) {
            fields.put("label", options.label());
        }
        fields.put("protocol", options.protocol().isMqtt5() ? "5.0" : "3.1.1");
        fields.put("port", options.port());
    }

    Result put(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** Adds {@code value / count} unless count is 0. */
    Result ratio(String name, double value, long count) {
        if (count > 0) {
            fields.put(name, value / count);
        }
        return this;
    }

    /** Raises the exit status to at least {@code status} (a failure is never hidden by a later success). */
    Result exitStatus(int status) {
        exitStatus = Math.max(exitStatus, status);
        return this;
    }

    Result failed(RunFailure failure) {
        fields.put("error", failure.getMessage());
        return exitStatus(failure.exitStatus());
    }

    /** 0 success, 1 missing or duplicated, 3 refused, 4 timeout. */
    public int exitStatus() {
        return exitStatus;
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** One JSON object on one line. */
    public String toJson() {
        StringBuilder json = new StringBuilder(512).append('{');
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, field.getKey()).append(':');
            switch (field.getValue()) {
                case String text -> string(json, text);
                case Double number when number.isNaN() || number.isInfinite() -> json.append("null");
                case Double number -> json.append(BigDecimal.valueOf(number)
                        .setScale(number >= 100 || number <= -100 ? 1 : 3, RoundingMode.HALF_EVEN)
                        .stripTrailingZeros().toPlainString());
                case Boolean flag -> json.append(flag);
                case Number number -> json.append(number.longValue());
                default -> string(json, String.valueOf(field.getValue()));
            }
        }
        return json.append('}').toString();
    }

    private static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
