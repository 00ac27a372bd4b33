package io.weft.core.net;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A class histogram of the live heap of this JVM (what {@code jcmd PID GC.class_histogram} prints, through
 * the DiagnosticCommand MBean), and the difference of two, to show where memory went.
 */
record HeapHistogram(Map<String, Long> bytesByClass, Map<String, Long> instancesByClass) {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    /** Takes a histogram; the command runs a full collection first, so only live objects count. */
    static HeapHistogram take() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String text = (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Long> instances = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                instances.merge(row.group(3), Long.parseLong(row.group(1)), Long::sum);
                bytes.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
            }
        }
        return new HeapHistogram(bytes, instances);
    }

    /** The {@code rows} classes that grew most since {@code earlier}, per {@code divisor} (e.g. per connection). */
    String growthSince(HeapHistogram earlier, int rows, int divisor) {
        return bytesByClass.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue() - earlier.bytesByClass.getOrDefault(entry.getKey(), 0L)))
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(rows)
                .map(entry -> String.format("%8.1f bytes %6.2f objects  %s", entry.getValue() / (double) divisor,
                        (instancesByClass.getOrDefault(entry.getKey(), 0L)
                                - earlier.instancesByClass.getOrDefault(entry.getKey(), 0L)) / (double) divisor,
                        entry.getKey()))
                .collect(Collectors.joining("\n"));
    }
}
