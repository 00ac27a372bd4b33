package io.weft.perf.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time and resident memory from /proc (Linux). */
final class ProcessProbe {

    /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux the tool targets. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds (user + system) and resident set size at one moment. */
    record Sample(double cpuSeconds, long rssKib) {
    }

    private ProcessProbe() {
    }

    static Sample sample(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(after[11]) + Long.parseLong(after[12]); // fields 14 utime, 15 stime
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return new Sample(ticks / TICKS_PER_SECOND, rss);
    }

    static Sample self() throws IOException {
        return sample(ProcessHandle.current().pid());
    }
}
