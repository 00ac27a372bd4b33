package io.weft.distribution.config;

import io.weft.core.plugin.PluginSpec;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the YAML configuration file into assignments. Nested maps become dotted keys
 * ({@code listener: {port: 1883}} is {@code listener.port}); a dotted key may also be written as is. Every
 * problem is reported with the file's path and the line:column of the offending node.
 */
final class YamlSettings {

    private final Path file;
    private final List<Assignment> assignments = new ArrayList<>();
    private List<PluginSpec> plugins = List.of();
    private final Map<String, Origin> seen = new HashMap<>();

    private YamlSettings(Path file) {
        this.file = file;
    }

    /** The keys the file sets, and its plugin instances. */
    record FileSettings(List<Assignment> assignments, List<PluginSpec> plugins) {
        static final FileSettings NONE = new FileSettings(List.of(), List.of());
    }

    static FileSettings read(Path file) throws ConfigException {
        YamlSettings reader = new YamlSettings(file);
        Optional<Node> document = reader.compose();
        if (document.isPresent()) {
            reader.readDocument(document.get());
        }
        return new FileSettings(List.copyOf(reader.assignments), reader.plugins);
    }

    private Optional<Node> compose() throws ConfigException {
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Compose(settings).composeReader(reader);
        } catch (NoSuchFileException missing) {
            throw ConfigException.at(Origin.file(file), "configuration file not found");
        } catch (CharacterCodingException notText) {
            throw ConfigException.at(Origin.file(file), "configuration file is not UTF-8 text");
        } catch (IOException unreadable) {
            throw ConfigException.at(Origin.file(file), "cannot read configuration file: " + unreadable);
        } catch (MarkedYamlEngineException syntax) {
            throw ConfigException.at(Origin.file(file, syntax.getProblemMark()), "invalid YAML: "
                    + syntax.getProblem());
        } catch (YamlEngineException invalid) {
            throw ConfigException.at(Origin.file(file), "invalid YAML: " + invalid.getMessage());
        }
    }

    private void readDocument(Node root) throws ConfigException {
        if (isNull(root)) {
            return; // a file holding only comments
        }
        if (!(root instanceof MappingNode mapping)) {
            throw ConfigException.at(origin(root), "expected a mapping of keys, like 'listener: {port: 1883}'");
        }
        readMapping("", mapping);
    }

    private void readMapping(String prefix, MappingNode mapping) throws ConfigException {
        for (NodeTuple entry : mapping.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode keyNode) || isNull(keyNode)) {
                throw ConfigException.at(origin(entry.getKeyNode()), "expected a key name");
            }
            String path = prefix + keyNode.getValue();
            readEntry(path, keyNode, entry.getValueNode());
        }
    }

    private void readEntry(String path, ScalarNode keyNode, Node value) throws ConfigException {
        if (path.equals(PluginSpec.INSTANCES_KEY)) {
            plugins = new PluginSections(file).read(value);
            return;
        }
        Optional<ConfigKey<?>> key = ConfigKeys.named(path);
        if (key.isPresent()) {
            readValue(key.get(), keyNode, value);
        } else if (ConfigKeys.isSection(path)) {
            if (value instanceof MappingNode section) {
                readMapping(path + ".", section);
            } else if (!isNull(value)) { // an empty section, e.g. every key under it commented out
                throw ConfigException.at(origin(value), "'" + path + "' is a section: expected a mapping of "
                        + String.join(", ", ConfigKeys.keysUnder(path)));
            }
        } else {
            List<String> candidates = new ArrayList<>(ConfigKeys.names(ConfigKey::name));
            candidates.add(PluginSpec.INSTANCES_KEY);
            String suggestion = ConfigKeys.closest(path, candidates)
                    .map(name -> " (did you mean '" + name + "'?)")
                    .orElse("");
            throw ConfigException.at(origin(keyNode), "unknown key '" + path + "'" + suggestion);
        }
    }

    private void readValue(ConfigKey<?> key, ScalarNode keyNode, Node value) throws ConfigException {
        Origin previous = seen.put(key.name(), origin(keyNode));
        if (previous != null) {
            throw ConfigException.at(origin(keyNode), "duplicate key '" + key.name() + "', first set at "
                    + previous.description());
        }
        if (!(value instanceof ScalarNode scalar) || isNull(value)) {
            String got = switch (value.getNodeType()) {
                case MAPPING -> "a mapping";
                case SEQUENCE -> "a list";
                case SCALAR, ANCHOR -> "nothing";
            };
            throw ConfigException.at(origin(value), "bad value for '" + key.name() + "': expected "
                    + key.type().expected() + ", got " + got);
        }
        assignments.add(new Assignment(key, scalar.getValue(), origin(value)));
    }

    private Origin origin(Node node) {
        return Origin.file(file, node.getStartMark());
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }
}
