package io.moirai.topology;

/**
 * The shape of the machine as far as this process may use it.
 *
 * <p>This first version knows what the JDK reports ({@link Runtime#availableProcessors()}, which
 * already honours the container's CPU quota and the process's affinity mask) and assumes one
 * NUMA node; reading cores, packages, NUMA nodes and cgroup limits from the operating system
 * refines it without changing how the runtime asks for it.
 *
 * @param availableProcessors the CPUs this process may run on, at least 1
 * @param numaNodes           the NUMA nodes those CPUs belong to, at least 1
 * @param source              where the figures came from, e.g. {@code "jvm"}
 */
public record Topology(int availableProcessors, int numaNodes, String source) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if a count is below 1
     * @throws NullPointerException     if {@code source} is null
     */
    public Topology {
        if (availableProcessors < 1) {
            throw new IllegalArgumentException("availableProcessors must be >= 1, was " + availableProcessors);
        }
        if (numaNodes < 1) {
            throw new IllegalArgumentException("numaNodes must be >= 1, was " + numaNodes);
        }
        java.util.Objects.requireNonNull(source, "source");
    }

    /**
     * Detects the topology of the running process.
     *
     * @return the detected topology; never fails
     */
    public static Topology detect() {
        return new Topology(Runtime.getRuntime().availableProcessors(), 1, "jvm");
    }
}
