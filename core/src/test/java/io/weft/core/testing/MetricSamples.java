package io.weft.core.testing;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape in the Prometheus text format, parsed into samples: what a Prometheus server would store. For
 * tests that check metric values after real traffic, and that metric names used elsewhere exist.
 */
public final class MetricSamples {

    /** {@code name{label="value",...} number}; label values here never hold a quote or a brace. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    private final String text;
    /** Sample name to its series: labels (sorted) to value. */
    private final Map<String, Map<Map<String, String>, Double>> samples = new LinkedHashMap<>();

    private MetricSamples(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.computeIfAbsent(sample.group(1), name -> new LinkedHashMap<>())
                    .put(labels, Double.parseDouble(sample.group(3)));
        }
    }

    /** Scrapes {@code registry} now. */
    public static MetricSamples scrape(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return parse(out.toString(StandardCharsets.UTF_8));
    }

    /** Parses a page in the Prometheus text format (e.g. fetched from /metrics). */
    public static MetricSamples parse(String text) {
        return new MetricSamples(text);
    }

    /**
     * The value of the sample {@code name} with exactly the labels {@code labelPairs} (name, value, name,
     * value, ...), or 0 when there is no such series (a counter that never moved is often not exposed).
     */
    public double value(String name, String... labelPairs) {
        Map<String, String> labels = new TreeMap<>();
        for (int index = 0; index + 1 < labelPairs.length; index += 2) {
            labels.put(labelPairs[index], labelPairs[index + 1]);
        }
        return samples.getOrDefault(name, Map.of()).getOrDefault(labels, 0.0);
    }

    /** The sum over every series of sample {@code name}. */
    public double sum(String name) {
        return samples.getOrDefault(name, Map.of()).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Every sample name present ({@code weft_connects_total}, {@code weft_journal_append_seconds_bucket}, ...). */
    public Set<String> names() {
        return new LinkedHashSet<>(samples.keySet());
    }

    /** The series of sample {@code name}: labels to value. */
    public Map<Map<String, String>, Double> series(String name) {
        return samples.getOrDefault(name, Map.of());
    }

    @Override
    public String toString() {
        return text;
    }
}
