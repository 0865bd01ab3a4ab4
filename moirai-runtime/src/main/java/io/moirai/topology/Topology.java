package io.moirai.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shape of the machine as far as this process may use it: its logical CPUs with their core,
 * package and NUMA node, the CPUs this process may run on, the container's CPU limits, and the
 * parallelism that follows from them.
 *
 * <pre>{@code
 * Topology topology = Topology.detect();
 * int workers = topology.availableProcessors();        // min(usable CPUs, ceil(cgroup quota))
 * List<Integer> cpus = topology.usableCpus();          // affinity ∩ cgroup cpuset ∩ online
 * int node = topology.nodeOf(cpus.getFirst());         // the NUMA node of a CPU
 * Topology half = topology.restrictedTo(Set.of(0, 1)); // a user's CPU-set override
 * }</pre>
 *
 * <h2>Where the figures come from</h2>
 * On Linux ({@link #source()} {@code "linux-sysfs"}) {@link #detect()} reads the files the kernel
 * documents for this purpose:
 * <ul>
 *   <li>{@code /sys/devices/system/cpu/online} and each online CPU's
 *       {@code topology/core_id}, {@code topology/physical_package_id} (and
 *       {@code core_cpus_list} / {@code thread_siblings_list} when {@code core_id} is missing);</li>
 *   <li>{@code /sys/devices/system/node/nodeN/cpulist} and {@code meminfo} for NUMA nodes;</li>
 *   <li>{@code Cpus_allowed_list} in {@code /proc/self/status}: the affinity mask;</li>
 *   <li>the process's cgroup, found through {@code /proc/self/cgroup} and
 *       {@code /proc/self/mountinfo}: {@code cpu.max} and {@code cpuset.cpus.effective} (v2),
 *       {@code cpu.cfs_quota_us} / {@code cpu.cfs_period_us} and {@code cpuset.cpus} (v1).</li>
 * </ul>
 * Detection never fails. A missing or malformed file is replaced by the safest assumption (no
 * limit, one package, one node); when even the list of CPUs cannot be read, or the system is not
 * Linux, the topology is what the JVM reports ({@link Runtime#availableProcessors()}, which
 * honours quotas and affinity too) on a single node, with source {@code "jvm"}.
 *
 * <p>The record has no cycles and no non-finite numbers, so it serialises to JSON as it is (the
 * Actuator endpoint shows it inside the runtime's snapshot). Derived figures that are methods
 * rather than components ({@link #numaNodes()}, {@link #nodeOf(int)}) do not appear in JSON.
 *
 * @param cpus                the online logical CPUs, ascending by id
 * @param usableCpus          the CPUs this process may run on: affinity mask ∩ cgroup cpuset ∩
 *                            online, ascending, not empty
 * @param nodes               the NUMA nodes, ascending by id, at least one
 * @param cpuQuota            the cgroup CPU quota in CPUs (1.5 = one and a half CPUs' worth of
 *                            time per period), {@code null} when unlimited
 * @param cgroupCpus          the CPUs the cgroup's cpuset allows, ascending; empty when there is
 *                            no cpuset to read
 * @param availableProcessors the parallelism this process can really use:
 *                            {@code min(usableCpus.size(), ceil(cpuQuota))}, at least 1
 * @param source              where the figures came from: {@code "linux-sysfs"}, {@code "jvm"}
 *                            or {@code "uniform"}
 */
public record Topology(
        List<Cpu> cpus,
        List<Integer> usableCpus,
        List<NumaNode> nodes,
        Double cpuQuota,
        List<Integer> cgroupCpus,
        int availableProcessors,
        String source) {

    /** {@link #source()} of a topology read from Linux's sysfs and procfs. */
    public static final String SOURCE_LINUX = "linux-sysfs";
    /** {@link #source()} of the fallback built from {@link Runtime#availableProcessors()}. */
    public static final String SOURCE_JVM = "jvm";
    /** {@link #source()} of {@link #uniform(int, int)}. */
    public static final String SOURCE_UNIFORM = "uniform";

    /**
     * Validates the components against each other and copies the lists.
     *
     * @throws NullPointerException     if a list, an element or {@code source} is null
     * @throws IllegalArgumentException if the components contradict each other: duplicate or
     *                                  unknown CPUs or nodes, no usable CPU, a quota that is
     *                                  not positive and finite, or an {@code availableProcessors}
     *                                  that does not follow from the usable CPUs and the quota
     */
    public Topology {
        cpus = List.copyOf(Objects.requireNonNull(cpus, "cpus"));
        usableCpus = List.copyOf(Objects.requireNonNull(usableCpus, "usableCpus"));
        nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        cgroupCpus = List.copyOf(Objects.requireNonNull(cgroupCpus, "cgroupCpus"));
        Objects.requireNonNull(source, "source");
        Map<Integer, Cpu> byId = checkCpus(cpus);
        checkNodes(nodes, cpus);
        checkAscendingSubset("usableCpus", usableCpus, byId.keySet());
        if (usableCpus.isEmpty()) {
            throw new IllegalArgumentException("usableCpus must not be empty");
        }
        if (cpuQuota != null && !(cpuQuota > 0.0 && Double.isFinite(cpuQuota))) {
            throw new IllegalArgumentException("cpuQuota must be positive and finite, or null, was " + cpuQuota);
        }
        int expected = parallelism(usableCpus.size(), cpuQuota);
        if (availableProcessors != expected) {
            throw new IllegalArgumentException("availableProcessors must be min(usable CPUs, ceil(cpuQuota)) = "
                    + expected + ", was " + availableProcessors);
        }
    }

    /**
     * Builds a topology whose {@code availableProcessors} follows from the usable CPUs and quota.
     */
    static Topology of(List<Cpu> cpus, Collection<Integer> usableCpus, List<NumaNode> nodes, Double cpuQuota,
            Collection<Integer> cgroupCpus, String source) {
        List<Integer> usable = List.copyOf(new TreeSet<>(usableCpus));
        return new Topology(cpus, usable, nodes, cpuQuota, List.copyOf(new TreeSet<>(cgroupCpus)),
                parallelism(usable.size(), cpuQuota), source);
    }

    private static int parallelism(int usable, Double quota) {
        if (quota == null) {
            return Math.max(1, usable);
        }
        return (int) Math.max(1L, Math.min(usable, (long) Math.ceil(quota)));
    }

    /**
     * Detects the topology of the running process. Never fails: see the class description for
     * the sources and the fallbacks.
     *
     * @return the detected topology
     */
    public static Topology detect() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return jvm();
        }
        return detect(Path.of("/"));
    }

    /**
     * Reads a topology as {@link #detect()} does on Linux, with {@code /sys} and {@code /proc}
     * resolved under {@code root}: a saved or hand-built tree of the kernel's files (tests use
     * it). Never fails; when the CPUs cannot be read at all the result is the JVM fallback.
     *
     * @param root the directory that stands for {@code /}
     * @return the topology
     * @throws NullPointerException if {@code root} is null
     */
    public static Topology detect(Path root) {
        Objects.requireNonNull(root, "root");
        try {
            return SysfsReader.read(root);
        } catch (Exception | StackOverflowError unreadable) {
            return jvm();
        }
    }

    /**
     * A machine of {@code cpus} CPUs (ids {@code 0..cpus-1}, one core each, one package) on a single
     * NUMA node, with no limits.
     *
     * @param cpus at least 1
     * @return the topology, source {@code "uniform"}
     * @throws IllegalArgumentException if {@code cpus < 1}
     */
    public static Topology uniform(int cpus) {
        return uniform(cpus, 1);
    }

    /**
     * A synthetic machine of {@code cpus} CPUs (ids {@code 0..cpus-1}, one core each, one
     * package) split into {@code nodes} NUMA nodes of consecutive CPUs, as evenly as possible:
     * for trying the runtime's NUMA-aware behaviour on a machine that has one node.
     *
     * @param cpus  at least 1
     * @param nodes 1 to {@code cpus}
     * @return the topology, source {@code "uniform"}
     * @throws IllegalArgumentException if a count is out of range
     */
    public static Topology uniform(int cpus, int nodes) {
        if (cpus < 1 || cpus >= CpuList.MAX_CPU) {
            throw new IllegalArgumentException("cpus must be between 1 and " + (CpuList.MAX_CPU - 1) + ", was " + cpus);
        }
        if (nodes < 1 || nodes > cpus) {
            throw new IllegalArgumentException("nodes must be between 1 and cpus (" + cpus + "), was " + nodes);
        }
        return synthetic(cpus, nodes, SOURCE_UNIFORM);
    }

    /** What the JVM reports, on one node: the fallback of {@link #detect()}. */
    static Topology jvm() {
        return synthetic(Math.max(1, Runtime.getRuntime().availableProcessors()), 1, SOURCE_JVM);
    }

    private static Topology synthetic(int cpuCount, int nodeCount, String source) {
        List<Cpu> cpus = new ArrayList<>(cpuCount);
        List<List<Integer>> nodeCpus = new ArrayList<>();
        for (int node = 0; node < nodeCount; node++) {
            nodeCpus.add(new ArrayList<>());
        }
        for (int id = 0; id < cpuCount; id++) {
            int node = (int) ((long) id * nodeCount / cpuCount);
            cpus.add(new Cpu(id, id, 0, node));
            nodeCpus.get(node).add(id);
        }
        List<NumaNode> nodes = new ArrayList<>(nodeCount);
        for (int node = 0; node < nodeCount; node++) {
            nodes.add(new NumaNode(node, nodeCpus.get(node), null));
        }
        return of(cpus, nodeCpus.stream().flatMap(List::stream).toList(), nodes, null, List.of(), source);
    }

    /**
     * The number of NUMA nodes.
     *
     * @return at least 1
     */
    public int numaNodes() {
        return nodes.size();
    }

    /**
     * The NUMA node of a CPU.
     *
     * @param cpu an online CPU's id
     * @return the node's id
     * @throws IllegalArgumentException if {@code cpu} is not one of {@link #cpus()}
     */
    public int nodeOf(int cpu) {
        for (Cpu c : cpus) {
            if (c.id() == cpu) {
                return c.node();
            }
        }
        throw new IllegalArgumentException("cpu " + cpu + " is not an online CPU of this topology; online: "
                + CpuList.format(cpus.stream().map(Cpu::id).toList()));
    }

    /**
     * The same machine with the process restricted to some of its usable CPUs: a user's
     * CPU-set override. {@link #availableProcessors()} follows (the quota still applies).
     *
     * @param cpus a non-empty subset of {@link #usableCpus()}
     * @return the restricted topology
     * @throws NullPointerException     if {@code cpus} or an element is null
     * @throws IllegalArgumentException if {@code cpus} is empty or names a CPU that is not usable
     */
    public Topology restrictedTo(Set<Integer> cpus) {
        Objects.requireNonNull(cpus, "cpus");
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("cpus must name at least one CPU; usable: " + CpuList.format(usableCpus));
        }
        SortedSet<Integer> unknown = new TreeSet<>();
        for (Integer cpu : cpus) {
            if (!usableCpus.contains(Objects.requireNonNull(cpu, "cpus element"))) {
                unknown.add(cpu);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("cpus must be usable CPUs of this process (" + CpuList.format(usableCpus)
                    + "), was " + formatCpuList(cpus) + "; not usable: " + formatCpuList(unknown));
        }
        return of(this.cpus, cpus, nodes, cpuQuota, cgroupCpus, source);
    }

    /**
     * Parses a CPU list in the kernel's format (as in {@code taskset -c}, {@code lscpu} and
     * cgroup {@code cpuset.cpus}): {@code "0-3,8-11,14"}.
     *
     * @param cpuList the list
     * @return the CPUs, ascending; empty for an empty or blank text
     * @throws NullPointerException     if {@code cpuList} is null
     * @throws IllegalArgumentException if the text is not a CPU list
     */
    public static SortedSet<Integer> parseCpuList(String cpuList) {
        return CpuList.parse(Objects.requireNonNull(cpuList, "cpuList"));
    }

    /**
     * Writes CPUs in the kernel's list format: {@code [0, 1, 2, 3, 6]} gives {@code "0-3,6"}.
     *
     * @param cpus the CPUs, not negative
     * @return the list; empty for no CPUs
     * @throws NullPointerException     if {@code cpus} or an element is null
     * @throws IllegalArgumentException if a CPU is negative
     */
    public static String formatCpuList(Collection<Integer> cpus) {
        Objects.requireNonNull(cpus, "cpus");
        for (Integer cpu : cpus) {
            if (Objects.requireNonNull(cpu, "cpus element") < 0) {
                throw new IllegalArgumentException("cpus must not be negative, was " + cpu);
            }
        }
        return CpuList.format(cpus);
    }

    private static Map<Integer, Cpu> checkCpus(List<Cpu> cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("cpus must not be empty");
        }
        Map<Integer, Cpu> byId = new TreeMap<>();
        int previous = -1;
        for (Cpu cpu : cpus) {
            if (cpu.id() <= previous) {
                throw new IllegalArgumentException("cpus must be ascending by id without duplicates, was "
                        + cpus.stream().map(Cpu::id).toList());
            }
            previous = cpu.id();
            byId.put(cpu.id(), cpu);
        }
        return byId;
    }

    private static void checkNodes(List<NumaNode> nodes, List<Cpu> cpus) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes must not be empty");
        }
        Map<Integer, Set<Integer>> declared = new TreeMap<>();
        int previous = -1;
        for (NumaNode node : nodes) {
            if (node.id() <= previous) {
                throw new IllegalArgumentException("nodes must be ascending by id without duplicates, was "
                        + nodes.stream().map(NumaNode::id).toList());
            }
            previous = node.id();
            declared.put(node.id(), new HashSet<>(node.cpus()));
        }
        for (Cpu cpu : cpus) {
            Set<Integer> nodeCpus = declared.get(cpu.node());
            if (nodeCpus == null || !nodeCpus.remove(cpu.id())) {
                throw new IllegalArgumentException("cpu " + cpu.id() + " is on node " + cpu.node()
                        + ", which must exist and list it");
            }
        }
        declared.forEach((node, left) -> {
            if (!left.isEmpty()) {
                throw new IllegalArgumentException("node " + node + " lists CPUs that are not online CPUs on it: "
                        + CpuList.format(left));
            }
        });
    }

    private static void checkAscendingSubset(String name, List<Integer> subset, Set<Integer> of) {
        int previous = -1;
        for (int cpu : subset) {
            if (cpu <= previous || !of.contains(cpu)) {
                throw new IllegalArgumentException(name + " must be ascending, distinct and online CPUs, was "
                        + subset);
            }
            previous = cpu;
        }
    }

    /**
     * One logical CPU (a hardware thread).
     *
     * @param id        the kernel's CPU number
     * @param core      the core's id within its package ({@code core_id}); hardware threads of one
     *                  core share it
     * @param packageId the package (socket) id ({@code physical_package_id})
     * @param node      the NUMA node's id
     */
    public record Cpu(int id, int core, int packageId, int node) {
        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException if a component is negative
         */
        public Cpu {
            if (id < 0 || core < 0 || packageId < 0 || node < 0) {
                throw new IllegalArgumentException("cpu ids must not be negative, was id=" + id + ", core=" + core
                        + ", packageId=" + packageId + ", node=" + node);
            }
        }
    }

    /**
     * One NUMA node: CPUs and memory at the same distance from each other.
     *
     * @param id          the node's id
     * @param cpus        its online CPUs, ascending; empty for a memory-only node
     * @param memoryBytes its total memory ({@code MemTotal} of its {@code meminfo}), {@code null}
     *                    when unknown
     */
    public record NumaNode(int id, List<Integer> cpus, Long memoryBytes) {
        /**
         * Validates the components and copies the list.
         *
         * @throws NullPointerException     if {@code cpus} or an element is null
         * @throws IllegalArgumentException if {@code id} or the memory is negative
         */
        public NumaNode {
            if (id < 0) {
                throw new IllegalArgumentException("node id must not be negative, was " + id);
            }
            cpus = List.copyOf(new TreeSet<>(Objects.requireNonNull(cpus, "cpus")));
            if (memoryBytes != null && memoryBytes < 0) {
                throw new IllegalArgumentException("memoryBytes must not be negative, was " + memoryBytes);
            }
        }
    }
}
