package io.moirai.runtime;

import io.moirai.topology.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each CPU worker belongs: worker slot {@code i} gets the {@code i}-th of the usable CPUs
 * (round-robin when there are more workers than CPUs), and with it that CPU's NUMA node.
 *
 * <p>The CPUs are ordered by node, so consecutive slots fill one node before the next and a
 * small pool stays on one node's caches and memory; within a node, the first hardware thread
 * of every core comes before any second thread, so workers take separate cores before they
 * share one (whatever the machine's numbering of SMT siblings). Nodes are numbered densely
 * ({@link #nodeIndex(int)}) so the stealing order can be kept in arrays indexed by node.
 */
final class WorkerPlacement {

    private final int[] cpus;
    private final int[] nodes;
    private final int[] nodeIndexes;
    private final int nodeCount;

    private WorkerPlacement(int[] cpus, int[] nodes, int[] nodeIndexes, int nodeCount) {
        this.cpus = cpus;
        this.nodes = nodes;
        this.nodeIndexes = nodeIndexes;
        this.nodeCount = nodeCount;
    }

    static WorkerPlacement of(Topology topology) {
        Map<Integer, Topology.Cpu> byId = new HashMap<>();
        topology.cpus().forEach(cpu -> byId.put(cpu.id(), cpu));
        Map<List<Integer>, Integer> threadsSeen = new HashMap<>();
        Map<Integer, Integer> rank = new HashMap<>();
        for (int id : topology.usableCpus()) {
            Topology.Cpu cpu = byId.get(id);
            rank.put(id, threadsSeen.merge(List.of(cpu.node(), cpu.packageId(), cpu.core()), 1, Integer::sum) - 1);
        }
        List<Topology.Cpu> ordered = new ArrayList<>(topology.usableCpus().stream().map(byId::get).toList());
        ordered.sort(Comparator.comparingInt(Topology.Cpu::node)
                .thenComparingInt(cpu -> rank.get(cpu.id()))
                .thenComparingInt(Topology.Cpu::id));
        Map<Integer, Integer> denseNodes = new TreeMap<>();
        ordered.forEach(cpu -> denseNodes.putIfAbsent(cpu.node(), denseNodes.size()));
        int n = ordered.size();
        int[] cpus = new int[n];
        int[] nodes = new int[n];
        int[] indexes = new int[n];
        for (int i = 0; i < n; i++) {
            cpus[i] = ordered.get(i).id();
            nodes[i] = ordered.get(i).node();
            indexes[i] = denseNodes.get(nodes[i]);
        }
        return new WorkerPlacement(cpus, nodes, indexes, denseNodes.size());
    }

    /** The CPU of worker slot {@code slot}. */
    int cpu(int slot) {
        return cpus[slot % cpus.length];
    }

    /** The NUMA node id of worker slot {@code slot}. */
    int node(int slot) {
        return nodes[slot % nodes.length];
    }

    /** The dense index (0 to {@link #nodeCount()} - 1) of the node of worker slot {@code slot}. */
    int nodeIndex(int slot) {
        return nodeIndexes[slot % nodeIndexes.length];
    }

    /** Nodes that hold at least one usable CPU. */
    int nodeCount() {
        return nodeCount;
    }
}
