package io.weft.distribution.config;

import io.weft.core.BrokerSettings;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configuration key: its dotted name, value type, the {@link BrokerSettings} component it sets, an
 * optional short option and a one-line description. The default is read from
 * {@link BrokerSettings#defaults()}, so it is never written twice.
 *
 * @param name        dotted path in the YAML file, e.g. {@code listener.port}
 * @param type        how the text becomes a value
 * @param component   the name of the BrokerSettings record component it sets, e.g. {@code port}, or a path
 *                    into a nested settings record, e.g. {@code limits.publishRate}
 * @param shortOption a short command-line option such as {@code --port}, or empty
 * @param description one sentence for the reference and {@code --help}
 * @param <T>         the value's type
 */
public record ConfigKey<T>(String name, ValueType<T> type, String component, Optional<String> shortOption,
                           String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

    public ConfigKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(shortOption, "shortOption");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad key name: " + name);
        }
        Class<?> componentType = recordComponent(component).getType();
        if (componentType != type.javaType()) {
            throw new IllegalArgumentException("key " + name + " is a " + type.javaType().getSimpleName()
                    + " but BrokerSettings." + component + " is a " + componentType.getSimpleName());
        }
    }

    /** {@code WEFT_} and the name upper-cased, with {@code .} and {@code -} turned into {@code _}. */
    public String environmentVariable() {
        return "WEFT_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The long command-line option: {@code --} and the name. */
    public String option() {
        return "--" + name;
    }

    /** The value in {@link BrokerSettings#defaults()}. */
    public Object defaultValue() {
        return valueIn(BrokerSettings.defaults());
    }

    /** The default as a user would write it. */
    public String printedDefault() {
        return type.print(defaultValue());
    }

    /** This key's value in {@code settings}. */
    public Object valueIn(BrokerSettings settings) {
        Object value = settings;
        Class<?> owner = BrokerSettings.class;
        try {
            for (String name : component.split("\\.")) {
                RecordComponent step = componentOf(owner, name, component);
                value = step.getAccessor().invoke(value);
                owner = step.getType();
            }
            return value;
        } catch (IllegalAccessException | InvocationTargetException unexpected) {
            throw new IllegalStateException("cannot read BrokerSettings." + component, unexpected);
        }
    }

    /** The record component a path such as {@code port} or {@code limits.publishRate} ends at. */
    static RecordComponent recordComponent(String component) {
        Class<?> owner = BrokerSettings.class;
        RecordComponent step = null;
        for (String name : component.split("\\.")) {
            if (!owner.isRecord()) {
                throw new IllegalArgumentException("BrokerSettings has no component " + component);
            }
            step = componentOf(owner, name, component);
            owner = step.getType();
        }
        return step;
    }

    private static RecordComponent componentOf(Class<?> owner, String name, String path) {
        return Arrays.stream(owner.getRecordComponents())
                .filter(candidate -> candidate.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("BrokerSettings has no component " + path));
    }
}
