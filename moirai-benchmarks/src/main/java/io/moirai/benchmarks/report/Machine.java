package io.moirai.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine the report is written on (the one the benchmarks ran on, since the {@code bench}
 * profile writes the report right after the run).
 *
 * @param cpuModel     the CPU model from {@code /proc/cpuinfo}, or {@code unknown}
 * @param logicalCpus  processors listed in {@code /proc/cpuinfo}, or -1 if it cannot be read
 * @param availableCpus the CPUs this JVM may use (container limits and affinity included)
 * @param os           operating system name, version and architecture
 * @param memory       total memory from {@code /proc/meminfo}, or {@code unknown}
 */
record Machine(String cpuModel, int logicalCpus, int availableCpus, String os, String memory) {

    /** Reads the machine's description; parts that cannot be read are reported as unknown. */
    static Machine describe() {
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        String model = cpuinfo.stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("unknown");
        int logical = cpuinfo.isEmpty() ? -1 : (int) cpuinfo.stream().filter(line -> line.startsWith("processor")).count();
        String memory = lines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> line.replaceAll("\\D", ""))
                .filter(kb -> !kb.isEmpty())
                .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / (1024.0 * 1024.0)))
                .findFirst()
                .orElse("unknown");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
        return new Machine(model, logical, Runtime.getRuntime().availableProcessors(), os, memory);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
