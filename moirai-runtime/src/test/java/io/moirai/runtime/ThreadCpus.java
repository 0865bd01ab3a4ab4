package io.moirai.runtime;

import io.moirai.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The kernel's own account of a thread's affinity, independent of the code under test: the
 * {@code Cpus_allowed_list} line of {@code /proc/thread-self/status}.
 */
public final class ThreadCpus {

    private static final Path STATUS = Path.of("/proc/thread-self/status");

    private ThreadCpus() {
    }

    /**
     * Whether the kernel reports threads' affinity here, as Linux does.
     *
     * @return true where {@code /proc/thread-self/status} can be read
     */
    public static boolean readable() {
        return Files.isReadable(STATUS);
    }

    /**
     * The CPUs the kernel lets the calling thread run on now.
     *
     * @return the CPUs, ascending
     * @throws UncheckedIOException if the status file cannot be read
     */
    public static Set<Integer> ofCurrentThread() {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return Topology.parseCpuList(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            throw new IllegalStateException("no Cpus_allowed_list in " + STATUS + ": " + lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
