package io.moirai.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the topology from Linux's sysfs and procfs under a root directory.
 *
 * <p>Only the list of online CPUs is essential: without it (and without any {@code cpuN}
 * directory to enumerate) there is nothing to build on, and the caller falls back to the JVM's
 * figures. Every other file has a safe default when it is missing or malformed: a CPU's core is
 * its first sibling or itself, its package 0; CPUs not covered by the nodes' lists put the whole
 * machine on one node (a partial node map would mislead the stealing order more than none);
 * an unreadable affinity mask or cgroup means no restriction. Files are small and read whole,
 * once, at start-up; nothing here is on a hot path.
 */
final class SysfsReader {

    private static final Pattern CPU_DIR = Pattern.compile("cpu(\\d+)");
    private static final Pattern NODE_DIR = Pattern.compile("node(\\d+)");
    private static final Pattern MEM_TOTAL = Pattern.compile("Node\\s+\\d+\\s+MemTotal:\\s+(\\d+)\\s*kB");

    private SysfsReader() {
    }

    static Topology read(Path fsRoot) throws IOException {
        Path root = fsRoot.toAbsolutePath().normalize(); // mount points are compared by path prefix
        Path cpuDir = root.resolve("sys/devices/system/cpu");
        SortedSet<Integer> online = onlineCpus(cpuDir);
        if (online.isEmpty()) {
            throw new IOException("no online CPU listed under " + cpuDir);
        }
        Map<Integer, List<Integer>> nodeCpus = new TreeMap<>();
        Map<Integer, Long> nodeMemory = new TreeMap<>();
        readNodes(root.resolve("sys/devices/system/node"), online, nodeCpus, nodeMemory);
        Map<Integer, Integer> nodeOfCpu = new TreeMap<>();
        nodeCpus.forEach((node, cpus) -> cpus.forEach(cpu -> nodeOfCpu.putIfAbsent(cpu, node)));
        if (!nodeOfCpu.keySet().containsAll(online)) {
            Long memory = nodeMemory.size() == 1 ? nodeMemory.values().iterator().next() : null;
            nodeCpus = Map.of(0, List.copyOf(online));
            nodeMemory = memory == null ? Map.of() : Map.of(0, memory);
            nodeOfCpu.clear();
            online.forEach(cpu -> nodeOfCpu.put(cpu, 0));
        }
        List<Topology.Cpu> cpus = new ArrayList<>(online.size());
        for (int cpu : online) {
            Path topology = cpuDir.resolve("cpu" + cpu).resolve("topology");
            cpus.add(new Topology.Cpu(cpu, coreOf(cpu, topology), packageOf(topology), nodeOfCpu.get(cpu)));
        }
        List<Topology.NumaNode> nodes = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> node : nodeCpus.entrySet()) {
            List<Integer> own = node.getValue().stream().filter(cpu -> nodeOfCpu.get(cpu) == node.getKey().intValue())
                    .toList();
            nodes.add(new Topology.NumaNode(node.getKey(), own, nodeMemory.get(node.getKey())));
        }
        CgroupReader.Limits limits = CgroupReader.read(root);
        SortedSet<Integer> usable = new TreeSet<>(online);
        SortedSet<Integer> allowed = affinity(root.resolve("proc/self/status"));
        if (allowed != null) {
            usable.retainAll(allowed);
        }
        if (!limits.cpus().isEmpty()) {
            usable.retainAll(limits.cpus());
        }
        if (usable.isEmpty()) {
            // The files contradict each other (a snapshot taken across a hot-plug, say): the
            // kernel would not run a process with no CPU, so trust the online list.
            usable.addAll(online);
        }
        return Topology.of(cpus, usable, nodes, limits.quota(), limits.cpus(), Topology.SOURCE_LINUX);
    }

    /** {@code online}, or else the {@code cpuN} directories whose {@code online} file is not "0". */
    private static SortedSet<Integer> onlineCpus(Path cpuDir) throws IOException {
        String listed = readOrNull(cpuDir.resolve("online"));
        if (listed != null) {
            try {
                return CpuList.parse(listed);
            } catch (IllegalArgumentException malformed) {
                // fall through to enumerating the directories
            }
        }
        SortedSet<Integer> cpus = new TreeSet<>();
        if (!Files.isDirectory(cpuDir)) {
            return cpus;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(cpuDir)) {
            for (Path entry : entries) {
                var matcher = CPU_DIR.matcher(entry.getFileName().toString());
                if (matcher.matches() && matcher.group(1).length() < 6
                        && !Integer.valueOf(0).equals(intOrNull(readOrNull(entry.resolve("online"))))) {
                    cpus.add(Integer.parseInt(matcher.group(1))); // cpu0 often has no online file: online
                }
            }
        }
        return cpus;
    }

    private static void readNodes(Path nodeDir, SortedSet<Integer> online, Map<Integer, List<Integer>> nodeCpus,
            Map<Integer, Long> nodeMemory) throws IOException {
        if (!Files.isDirectory(nodeDir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(nodeDir)) {
            for (Path entry : entries) {
                var matcher = NODE_DIR.matcher(entry.getFileName().toString());
                if (!matcher.matches() || matcher.group(1).length() > 5) {
                    continue;
                }
                int node = Integer.parseInt(matcher.group(1));
                SortedSet<Integer> cpus = parseOrNull(readOrNull(entry.resolve("cpulist")));
                if (cpus == null) {
                    continue; // an unreadable node leaves its CPUs uncovered: one-node fallback
                }
                cpus.retainAll(online);
                nodeCpus.put(node, List.copyOf(cpus));
                Long memory = memTotal(readOrNull(entry.resolve("meminfo")));
                if (memory != null) {
                    nodeMemory.put(node, memory);
                }
            }
        }
    }

    private static Long memTotal(String meminfo) {
        if (meminfo == null) {
            return null;
        }
        var matcher = MEM_TOTAL.matcher(meminfo);
        if (!matcher.find() || matcher.group(1).length() > 15) {
            return null;
        }
        return Long.parseLong(matcher.group(1)) * 1024L;
    }

    private static int coreOf(int cpu, Path topology) {
        Integer core = intOrNull(readOrNull(topology.resolve("core_id")));
        if (core != null && core >= 0) {
            return core;
        }
        for (String siblings : new String[] {"core_cpus_list", "thread_siblings_list"}) {
            SortedSet<Integer> list = parseOrNull(readOrNull(topology.resolve(siblings)));
            if (list != null && !list.isEmpty()) {
                return list.first();
            }
        }
        return cpu;
    }

    private static int packageOf(Path topology) {
        Integer id = intOrNull(readOrNull(topology.resolve("physical_package_id")));
        return id != null && id >= 0 ? id : 0; // some virtual machines report -1: one package
    }

    /** {@code Cpus_allowed_list} of {@code /proc/self/status}; {@code null} when unreadable. */
    private static SortedSet<Integer> affinity(Path status) {
        String text = readOrNull(status);
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parseOrNull(line.substring("Cpus_allowed_list:".length()));
            }
        }
        return null;
    }

    static SortedSet<Integer> parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return CpuList.parse(text);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    static Integer intOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException malformed) {
            return null;
        }
    }

    static Long longOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text.strip());
        } catch (NumberFormatException malformed) {
            return null;
        }
    }

    /** The whole file, or {@code null} if it is missing, unreadable or absurdly large. */
    static String readOrNull(Path file) {
        try {
            // sysfs reports 4096 bytes and procfs 0 for every file; the bound only guards against a wrong root
            if (!Files.isRegularFile(file) || Files.size(file) > 1 << 20) {
                return null;
            }
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException unreadable) {
            return null;
        }
    }
}
