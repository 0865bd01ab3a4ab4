package io.moirai.runtime;

import io.moirai.topology.Topology;
import java.util.List;
import java.util.Objects;

/**
 * A point-in-time view of a {@link MoiraiRuntime}, cheap to take at any time from any thread.
 * Counters are read one after another without a global lock, so under load the figures are each
 * exact at some instant during the call but not necessarily at the same instant.
 *
 * <p>Accounting: every task given to the runtime ends exactly once, so once the runtime has
 * terminated, {@code submitted == completed + failed + cancelled + rejected + neverStarted}.
 *
 * @param state               the life-cycle state
 * @param parallelism         the CPU lane's target number of workers
 * @param blockingConcurrency the blocking lane's permits
 * @param queueCapacity       the bound on waiting tasks per lane; {@link Integer#MAX_VALUE} when unbounded
 * @param workers             one entry per CPU worker, compensation workers included
 * @param active              tasks running now, both lanes
 * @param queued              tasks waiting to start, both lanes (timers not yet due excluded)
 * @param submitted           tasks given to the runtime, rejected ones included
 * @param completed           tasks that returned normally
 * @param failed              tasks that threw
 * @param cancelled           tasks cancelled before or while running, deadline misses included
 * @param rejected            submissions refused, and tasks evicted by {@link RejectionPolicy#DISCARD_OLDEST}
 * @param neverStarted        tasks handed back unstarted by {@link MoiraiRuntime#shutdownNow()}
 * @param steals              tasks CPU workers took from each other's queues
 * @param parks               times a CPU worker parked for lack of work
 * @param blockingInUse       blocking-lane permits in use (running blocking tasks)
 * @param blockingWaiting     blocking tasks waiting for a permit
 * @param timersPending       delayed and periodic tasks waiting for their time
 * @param blockingDetected    times a CPU worker was found blocked inside a task
 * @param topology            the machine shape the runtime sized itself from
 */
public record RuntimeSnapshot(
        RuntimeState state,
        int parallelism,
        int blockingConcurrency,
        int queueCapacity,
        List<WorkerSnapshot> workers,
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
        Topology topology) {

    /**
     * Copies the worker list.
     *
     * @throws NullPointerException if a reference component is null
     */
    public RuntimeSnapshot {
        Objects.requireNonNull(state, "state");
        workers = List.copyOf(workers);
        Objects.requireNonNull(topology, "topology");
    }

    /**
     * One CPU worker.
     *
     * @param name        the thread's name, e.g. {@code moirai-cpu-0}
     * @param state       what it is doing
     * @param queueDepth  tasks in its own deque
     * @param compensating whether it is a temporary worker standing in for a blocked one
     * @param cpu         the CPU its slot is placed on (the one it is pinned to, if pinned), -1 if unknown
     * @param node        the NUMA node of that CPU, whose workers it steals from first; -1 if unknown
     * @param pinned      whether its thread is pinned to {@code cpu}
     */
    public record WorkerSnapshot(String name, WorkerState state, int queueDepth, boolean compensating, int cpu,
            int node, boolean pinned) {
        /**
         * Validates the components.
         *
         * @throws NullPointerException if {@code name} or {@code state} is null
         */
        public WorkerSnapshot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
        }

        /**
         * A worker whose placement is not known ({@code cpu} and {@code node} -1, not pinned).
         *
         * @param name         the thread's name
         * @param state        what it is doing
         * @param queueDepth   tasks in its own deque
         * @param compensating whether it is a temporary worker
         */
        public WorkerSnapshot(String name, WorkerState state, int queueDepth, boolean compensating) {
            this(name, state, queueDepth, compensating, -1, -1, false);
        }
    }

    /** What a CPU worker is doing. */
    public enum WorkerState {
        /** Running a task. */
        RUNNING,
        /** Looking for work in other workers' queues. */
        SEARCHING,
        /** Parked for lack of work (or while the runtime is paused). */
        PARKED,
        /** Inside a task whose thread is blocked; a compensation worker may stand in. */
        BLOCKED,
        /** Finishing its current task before it leaves the pool. */
        RETIRING
    }
}
