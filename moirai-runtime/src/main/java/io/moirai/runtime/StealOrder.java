package io.moirai.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The victims a searching worker visits, per NUMA node: first the workers on its own node, then
 * the workers on the others. Stealing from a worker on the same node moves a task whose data
 * is likely in that node's memory and shared cache; crossing nodes costs remote memory traffic
 * for the task's whole run, so it comes second.
 *
 * <p>Immutable and rebuilt (under {@link CpuLane}'s lock) whenever the worker set changes, like
 * the worker array it is derived from, so searchers read it with one volatile load and no lock.
 * On a single-node machine {@code local[0]} is the worker array itself, in its order, and
 * {@code remote[0]} is empty: the search is exactly the one-level search it was before nodes were
 * known, plus one array load.
 */
final class StealOrder {

    static final StealOrder EMPTY = new StealOrder(new Worker[1][0], new Worker[1][0]);

    /** {@code local[k]}: the workers on node index {@code k}, in worker-array order. */
    final Worker[][] local;
    /** {@code remote[k]}: the workers on every other node, node by node. */
    final Worker[][] remote;

    private StealOrder(Worker[][] local, Worker[][] remote) {
        this.local = local;
        this.remote = remote;
    }

    static StealOrder of(Worker[] workers, int nodeCount) {
        if (nodeCount == 1) {
            return new StealOrder(new Worker[][] {workers}, new Worker[][] {new Worker[0]});
        }
        List<List<Worker>> byNode = new ArrayList<>(nodeCount);
        for (int k = 0; k < nodeCount; k++) {
            byNode.add(new ArrayList<>());
        }
        for (Worker worker : workers) {
            byNode.get(worker.nodeIndex).add(worker);
        }
        Worker[][] local = new Worker[nodeCount][];
        Worker[][] remote = new Worker[nodeCount][];
        for (int k = 0; k < nodeCount; k++) {
            local[k] = byNode.get(k).toArray(new Worker[0]);
            List<Worker> others = new ArrayList<>(workers.length - local[k].length);
            for (int j = 1; j < nodeCount; j++) {
                others.addAll(byNode.get((k + j) % nodeCount));
            }
            remote[k] = others.toArray(new Worker[0]);
        }
        return new StealOrder(local, remote);
    }
}
