package io.weft.distribution.config;

import io.weft.core.plugin.PluginSpec;
import io.weft.spi.PluginConfig;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owned by the thread loading the configuration. Reads {@code plugins.instances} of the YAML file: a mapping of
 * instance names, in the order of the authentication chain, each with {@code type}, an optional {@code enabled}
 * and the plugin's own keys, which are passed on as they are (the plugin checks them). Owned by the thread loading
 * the configuration.
 */
final class PluginSections {

    private final Path file;

    PluginSections(Path file) {
        this.file = file;
    }

    List<PluginSpec> read(Node instances) throws ConfigException {
        if (isNull(instances)) {
            return List.of(); // every instance commented out
        }
        if (!(instances instanceof MappingNode mapping)) {
            throw ConfigException.at(origin(instances), "'" + PluginSpec.INSTANCES_KEY + "' is a mapping of "
                    + "instance names, like 'users: {type: auth-file, users-file: passwd}'");
        }
        List<PluginSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (NodeTuple entry : mapping.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode nameNode) || isNull(nameNode)) {
                throw ConfigException.at(origin(entry.getKeyNode()), "expected a plugin instance name");
            }
            String name = nameNode.getValue();
            if (!names.add(name)) {
                throw ConfigException.at(origin(nameNode), "duplicate plugin instance '" + name + "'");
            }
            specs.add(instance(name, nameNode, entry.getValueNode()));
        }
        return List.copyOf(specs);
    }

    private PluginSpec instance(String name, ScalarNode nameNode, Node section) throws ConfigException {
        String key = PluginSpec.INSTANCES_KEY + "." + name;
        if (!(section instanceof MappingNode mapping)) {
            throw ConfigException.at(origin(section), "'" + key + "' is a section with at least 'type'");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        String type = null;
        boolean enabled = true;
        for (NodeTuple entry : mapping.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode keyNode) || isNull(keyNode)) {
                throw ConfigException.at(origin(entry.getKeyNode()), "expected a key name in '" + key + "'");
            }
            String field = keyNode.getValue();
            Node value = entry.getValueNode();
            if (values.containsKey(field) || (field.equals("type") && type != null)) {
                throw ConfigException.at(origin(keyNode), "duplicate key '" + key + "." + field + "'");
            }
            switch (field) {
                case "type" -> type = scalar(key + ".type", value, "a plugin type such as auth-file");
                case "enabled" -> enabled = switch (scalar(key + ".enabled", value, "true or false")) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw ConfigException.at(origin(value), "bad value for '" + key + ".enabled': "
                            + "expected true or false");
                };
                default -> values.put(field, toJava(value));
            }
        }
        if (type == null) {
            throw ConfigException.at(origin(nameNode), "'" + key + ".type' is missing: which plugin is it?");
        }
        try {
            return new PluginSpec(name, type, enabled, PluginConfig.of(key, values,
                    file.toAbsolutePath().getParent()));
        } catch (IllegalArgumentException invalid) {
            throw ConfigException.at(origin(nameNode), "bad plugin instance name '" + name + "': "
                    + invalid.getMessage());
        }
    }

    private String scalar(String key, Node value, String expected) throws ConfigException {
        if (!(value instanceof ScalarNode scalar) || isNull(value)) {
            throw ConfigException.at(origin(value), "bad value for '" + key + "': expected " + expected);
        }
        return scalar.getValue();
    }

    /** Text, lists and sections as plain values; null for YAML's null. */
    private static Object toJava(Node node) {
        return switch (node) {
            case ScalarNode scalar -> isNull(scalar) ? null : scalar.getValue();
            case SequenceNode sequence -> {
                List<Object> items = new ArrayList<>();
                sequence.getValue().forEach(item -> items.add(toJava(item)));
                yield items;
            }
            case MappingNode mapping -> {
                Map<String, Object> section = new LinkedHashMap<>();
                for (NodeTuple entry : mapping.getValue()) {
                    section.put(String.valueOf(toJava(entry.getKeyNode())), toJava(entry.getValueNode()));
                }
                yield section;
            }
            default -> String.valueOf(node);
        };
    }

    private Origin origin(Node node) {
        return Origin.file(file, node.getStartMark());
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }
}
