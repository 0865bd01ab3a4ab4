package io.moirai.autoconfigure.actuate;

import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeSnapshot.WorkerSnapshot;
import io.moirai.runtime.RuntimeSnapshot.WorkerState;
import io.moirai.runtime.RuntimeState;
import io.moirai.topology.Topology;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /actuator/moirai} (and of each accepted write): the runtime's
 * {@link RuntimeSnapshot}, mapped field by field. Its components are the JSON keys, written in
 * this order (Jackson writes a record's components in declaration order):
 *
 * <pre>
 * state, parallelism, blockingConcurrency, queueCapacity, workers[], active, queued, submitted,
 * completed, failed, cancelled, rejected, neverStarted, steals, parks, blockingInUse,
 * blockingWaiting, timersPending, blockingDetected, topology, cluster
 * </pre>
 *
 * <p>Each worker has {@code name, state, queueDepth, compensating, cpu, node, pinned}; the
 * topology is {@link Topology} as it is; {@code cluster} (a {@link MoiraiClusterDescriptor}) is there
 * only when the application has a {@code moiraiCluster}. The mapping is explicit so that the endpoint's JSON is
 * a contract of its own: the snapshot may gain figures without the endpoint's output changing,
 * and a key appears here only when it is added on purpose. See {@link RuntimeSnapshot} for what
 * each figure means.
 *
 * @param state               {@link RuntimeSnapshot#state()}
 * @param parallelism         {@link RuntimeSnapshot#parallelism()}
 * @param blockingConcurrency {@link RuntimeSnapshot#blockingConcurrency()}
 * @param queueCapacity       {@link RuntimeSnapshot#queueCapacity()}
 * @param workers             {@link RuntimeSnapshot#workers()}
 * @param active              {@link RuntimeSnapshot#active()}
 * @param queued              {@link RuntimeSnapshot#queued()}
 * @param submitted           {@link RuntimeSnapshot#submitted()}
 * @param completed           {@link RuntimeSnapshot#completed()}
 * @param failed              {@link RuntimeSnapshot#failed()}
 * @param cancelled           {@link RuntimeSnapshot#cancelled()}
 * @param rejected            {@link RuntimeSnapshot#rejected()}
 * @param neverStarted        {@link RuntimeSnapshot#neverStarted()}
 * @param steals              {@link RuntimeSnapshot#steals()}
 * @param parks               {@link RuntimeSnapshot#parks()}
 * @param blockingInUse       {@link RuntimeSnapshot#blockingInUse()}
 * @param blockingWaiting     {@link RuntimeSnapshot#blockingWaiting()}
 * @param timersPending       {@link RuntimeSnapshot#timersPending()}
 * @param blockingDetected    {@link RuntimeSnapshot#blockingDetected()}
 * @param topology            {@link RuntimeSnapshot#topology()}
 * @param cluster             the cluster's members and jobs, or null (and left out of the JSON)
 *                            without a cluster
 */
public record MoiraiSnapshotDescriptor(
        RuntimeState state,
        int parallelism,
        int blockingConcurrency,
        int queueCapacity,
        List<Worker> workers,
        long active,
        long queued,
        long submitted,
        long completed,
        long failed,
        long cancelled,
        long rejected,
        long neverStarted,
        long steals,
        long parks,
        int blockingInUse,
        int blockingWaiting,
        int timersPending,
        long blockingDetected,
        Topology topology,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable MoiraiClusterDescriptor cluster) {

    /**
     * Describes a snapshot.
     *
     * @param snapshot the runtime's snapshot
     * @return its description, key for key
     */
    public static MoiraiSnapshotDescriptor of(RuntimeSnapshot snapshot) {
        return of(snapshot, null);
    }

    /**
     * Describes a snapshot and the cluster.
     *
     * @param snapshot the runtime's snapshot
     * @param cluster  the cluster's description, or null without a cluster
     * @return their description, key for key
     */
    public static MoiraiSnapshotDescriptor of(RuntimeSnapshot snapshot, @Nullable MoiraiClusterDescriptor cluster) {
        return new MoiraiSnapshotDescriptor(snapshot.state(), snapshot.parallelism(), snapshot.blockingConcurrency(),
                snapshot.queueCapacity(), snapshot.workers().stream().map(Worker::of).toList(), snapshot.active(),
                snapshot.queued(), snapshot.submitted(), snapshot.completed(), snapshot.failed(), snapshot.cancelled(),
                snapshot.rejected(), snapshot.neverStarted(), snapshot.steals(), snapshot.parks(),
                snapshot.blockingInUse(), snapshot.blockingWaiting(), snapshot.timersPending(),
                snapshot.blockingDetected(), snapshot.topology(), cluster);
    }

    /**
     * One CPU worker of {@code workers[]}.
     *
     * @param name         {@link WorkerSnapshot#name()}
     * @param state        {@link WorkerSnapshot#state()}
     * @param queueDepth   {@link WorkerSnapshot#queueDepth()}
     * @param compensating {@link WorkerSnapshot#compensating()}
     * @param cpu          {@link WorkerSnapshot#cpu()}
     * @param node         {@link WorkerSnapshot#node()}
     * @param pinned       {@link WorkerSnapshot#pinned()}
     */
    public record Worker(String name, WorkerState state, int queueDepth, boolean compensating, int cpu, int node,
            boolean pinned) {

        /**
         * Describes a worker.
         *
         * @param worker the worker's snapshot
         * @return its description, key for key
         */
        public static Worker of(WorkerSnapshot worker) {
            return new Worker(worker.name(), worker.state(), worker.queueDepth(), worker.compensating(), worker.cpu(),
                    worker.node(), worker.pinned());
        }
    }
}
