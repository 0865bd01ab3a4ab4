package io.moirai.runtime;

import io.moirai.topology.Topology;
import java.util.List;
import java.util.Objects;

/**
 * A point-in-time view of a {@link MoiraiRuntime}, cheap to take at any time from any thread.
 * Counters are read one after another without a global lock, so under load the figures are each
 * exact at some instant during the call but not necessarily at the same instant.
 *
 * <pre>{@code
 * RuntimeSnapshot s = runtime.snapshot();
 * long ended = s.completed() + s.failed() + s.cancelled() + s.rejected() + s.neverStarted();
 * long busyWorkers = s.workers().stream().filter(w -> w.state() == WorkerState.RUNNING).count();
 * }</pre>
 *
 * <p>Accounting: every task given to the runtime ends exactly once, so once the runtime has
 * terminated, {@code submitted == completed + failed + cancelled + rejected + neverStarted}.
 *
 * <p>Only the runtime makes snapshots: there is no public constructor, so a figure added in a
 * later version is one more accessor and breaks no caller. Two snapshots are equal when every
 * figure is.
 */
public final class RuntimeSnapshot {

    private final RuntimeState state;
    private final int parallelism;
    private final int blockingConcurrency;
    private final int queueCapacity;
    private final List<WorkerSnapshot> workers;
    private final long active;
    private final long queued;
    private final long submitted;
    private final long completed;
    private final long failed;
    private final long cancelled;
    private final long rejected;
    private final long neverStarted;
    private final long steals;
    private final long parks;
    private final int blockingInUse;
    private final int blockingWaiting;
    private final int timersPending;
    private final long blockingDetected;
    private final Topology topology;

    private RuntimeSnapshot(Builder b) {
        this.state = Objects.requireNonNull(b.state, "state");
        this.parallelism = b.parallelism;
        this.blockingConcurrency = b.blockingConcurrency;
        this.queueCapacity = b.queueCapacity;
        this.workers = List.copyOf(b.workers);
        this.active = b.active;
        this.queued = b.queued;
        this.submitted = b.submitted;
        this.completed = b.completed;
        this.failed = b.failed;
        this.cancelled = b.cancelled;
        this.rejected = b.rejected;
        this.neverStarted = b.neverStarted;
        this.steals = b.steals;
        this.parks = b.parks;
        this.blockingInUse = b.blockingInUse;
        this.blockingWaiting = b.blockingWaiting;
        this.timersPending = b.timersPending;
        this.blockingDetected = b.blockingDetected;
        this.topology = Objects.requireNonNull(b.topology, "topology");
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * The life-cycle state.
     *
     * @return the state
     */
    public RuntimeState state() {
        return state;
    }

    /**
     * The CPU lane's target number of workers.
     *
     * @return the parallelism
     */
    public int parallelism() {
        return parallelism;
    }

    /**
     * The blocking lane's permits: how many blocking tasks may run at once.
     *
     * @return the permits
     */
    public int blockingConcurrency() {
        return blockingConcurrency;
    }

    /**
     * The bound on waiting tasks per lane.
     *
     * @return the bound; {@link Integer#MAX_VALUE} when unbounded
     */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * One entry per CPU worker, compensation workers included.
     *
     * @return an unmodifiable list
     */
    public List<WorkerSnapshot> workers() {
        return workers;
    }

    /**
     * Tasks running now, both lanes, including a task that runs on the stack of a task waiting for
     * it (so on the CPU lane it may exceed the number of workers running) and one that a submitter
     * runs itself under {@link RejectionPolicy#CALLER_RUNS}.
     *
     * @return the count
     */
    public long active() {
        return active;
    }

    /**
     * Tasks waiting to start, both lanes; timers not yet due are not included. While tasks come
     * and go it is a sample: derived from counters read one after another (in the order tasks
     * move through them), it may miss tasks that moved meanwhile, and count for a moment one a
     * thread is handing over (a submission not yet refused, a task taken and not yet started),
     * but never the submissions made while it was taken.
     *
     * @return the count
     */
    public long queued() {
        return queued;
    }

    /**
     * Tasks given to the runtime, rejected ones included.
     *
     * @return the count
     */
    public long submitted() {
        return submitted;
    }

    /**
     * Tasks that returned normally.
     *
     * @return the count
     */
    public long completed() {
        return completed;
    }

    /**
     * Tasks that threw.
     *
     * @return the count
     */
    public long failed() {
        return failed;
    }

    /**
     * Tasks cancelled before or while running, deadline misses included.
     *
     * @return the count
     */
    public long cancelled() {
        return cancelled;
    }

    /**
     * Submissions refused, and tasks evicted by {@link RejectionPolicy#DISCARD_OLDEST}.
     *
     * @return the count
     */
    public long rejected() {
        return rejected;
    }

    /**
     * Tasks handed back unstarted by {@link MoiraiRuntime#shutdownNow()}.
     *
     * @return the count
     */
    public long neverStarted() {
        return neverStarted;
    }

    /**
     * Tasks CPU workers took from each other's queues.
     *
     * @return the count
     */
    public long steals() {
        return steals;
    }

    /**
     * Times a CPU worker parked for lack of work.
     *
     * @return the count
     */
    public long parks() {
        return parks;
    }

    /**
     * Blocking-lane permits in use: running blocking tasks.
     *
     * @return the count
     */
    public int blockingInUse() {
        return blockingInUse;
    }

    /**
     * Blocking tasks waiting for a permit.
     *
     * @return the count
     */
    public int blockingWaiting() {
        return blockingWaiting;
    }

    /**
     * Delayed and periodic tasks waiting for their time.
     *
     * @return the count
     */
    public int timersPending() {
        return timersPending;
    }

    /**
     * Times a CPU worker was found blocked inside a task.
     *
     * @return the count
     */
    public long blockingDetected() {
        return blockingDetected;
    }

    /**
     * The machine shape the runtime sized itself from.
     *
     * @return the topology
     */
    public Topology topology() {
        return topology;
    }

    /**
     * Whether {@code other} is a snapshot with the same figures, workers and topology.
     *
     * @param other the object to compare with
     * @return {@code true} if every figure is equal
     */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof RuntimeSnapshot that
                && state == that.state
                && parallelism == that.parallelism
                && blockingConcurrency == that.blockingConcurrency
                && queueCapacity == that.queueCapacity
                && active == that.active
                && queued == that.queued
                && submitted == that.submitted
                && completed == that.completed
                && failed == that.failed
                && cancelled == that.cancelled
                && rejected == that.rejected
                && neverStarted == that.neverStarted
                && steals == that.steals
                && parks == that.parks
                && blockingInUse == that.blockingInUse
                && blockingWaiting == that.blockingWaiting
                && timersPending == that.timersPending
                && blockingDetected == that.blockingDetected
                && workers.equals(that.workers)
                && topology.equals(that.topology);
    }

    /**
     * A hash of every figure, consistent with {@link #equals(Object)}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        int h = state.hashCode();
        h = 31 * h + parallelism;
        h = 31 * h + blockingConcurrency;
        h = 31 * h + queueCapacity;
        h = 31 * h + workers.hashCode();
        h = 31 * h + Long.hashCode(active);
        h = 31 * h + Long.hashCode(queued);
        h = 31 * h + Long.hashCode(submitted);
        h = 31 * h + Long.hashCode(completed);
        h = 31 * h + Long.hashCode(failed);
        h = 31 * h + Long.hashCode(cancelled);
        h = 31 * h + Long.hashCode(rejected);
        h = 31 * h + Long.hashCode(neverStarted);
        h = 31 * h + Long.hashCode(steals);
        h = 31 * h + Long.hashCode(parks);
        h = 31 * h + Long.hashCode(blockingDetected);
        h = 31 * h + blockingInUse;
        h = 31 * h + blockingWaiting;
        h = 31 * h + timersPending;
        return 31 * h + topology.hashCode();
    }

    /**
     * Every figure by name, in the form records use, for logs and test failures.
     *
     * @return e.g. {@code RuntimeSnapshot[state=RUNNING, parallelism=4, ...]}
     */
    @Override
    public String toString() {
        return "RuntimeSnapshot[state=" + state + ", parallelism=" + parallelism
                + ", blockingConcurrency=" + blockingConcurrency + ", queueCapacity=" + queueCapacity
                + ", workers=" + workers + ", active=" + active + ", queued=" + queued
                + ", submitted=" + submitted + ", completed=" + completed + ", failed=" + failed
                + ", cancelled=" + cancelled + ", rejected=" + rejected + ", neverStarted=" + neverStarted
                + ", steals=" + steals + ", parks=" + parks + ", blockingInUse=" + blockingInUse
                + ", blockingWaiting=" + blockingWaiting + ", timersPending=" + timersPending
                + ", blockingDetected=" + blockingDetected + ", topology=" + topology + "]";
    }

    /**
     * Collects the figures of a snapshot; used by {@link MoiraiRuntime#snapshot()} only. Each
     * setter is named after the accessor it fills; {@code state}, {@code workers} and
     * {@code topology} are required.
     */
    static final class Builder {

        private RuntimeState state;
        private int parallelism;
        private int blockingConcurrency;
        private int queueCapacity;
        private List<WorkerSnapshot> workers;
        private long active;
        private long queued;
        private long submitted;
        private long completed;
        private long failed;
        private long cancelled;
        private long rejected;
        private long neverStarted;
        private long steals;
        private long parks;
        private int blockingInUse;
        private int blockingWaiting;
        private int timersPending;
        private long blockingDetected;
        private Topology topology;

        private Builder() {
        }

        Builder state(RuntimeState state) {
            this.state = state;
            return this;
        }

        Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        Builder blockingConcurrency(int blockingConcurrency) {
            this.blockingConcurrency = blockingConcurrency;
            return this;
        }

        Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        Builder workers(List<WorkerSnapshot> workers) {
            this.workers = workers;
            return this;
        }

        Builder active(long active) {
            this.active = active;
            return this;
        }

        Builder queued(long queued) {
            this.queued = queued;
            return this;
        }

        Builder submitted(long submitted) {
            this.submitted = submitted;
            return this;
        }

        Builder completed(long completed) {
            this.completed = completed;
            return this;
        }

        Builder failed(long failed) {
            this.failed = failed;
            return this;
        }

        Builder cancelled(long cancelled) {
            this.cancelled = cancelled;
            return this;
        }

        Builder rejected(long rejected) {
            this.rejected = rejected;
            return this;
        }

        Builder neverStarted(long neverStarted) {
            this.neverStarted = neverStarted;
            return this;
        }

        Builder steals(long steals) {
            this.steals = steals;
            return this;
        }

        Builder parks(long parks) {
            this.parks = parks;
            return this;
        }

        Builder blockingInUse(int blockingInUse) {
            this.blockingInUse = blockingInUse;
            return this;
        }

        Builder blockingWaiting(int blockingWaiting) {
            this.blockingWaiting = blockingWaiting;
            return this;
        }

        Builder timersPending(int timersPending) {
            this.timersPending = timersPending;
            return this;
        }

        Builder blockingDetected(long blockingDetected) {
            this.blockingDetected = blockingDetected;
            return this;
        }

        Builder topology(Topology topology) {
            this.topology = topology;
            return this;
        }

        /** The snapshot, with a copy of the worker list; a missing {@code state}, {@code workers} or {@code topology} throws {@link NullPointerException}. */
        RuntimeSnapshot build() {
            return new RuntimeSnapshot(this);
        }
    }

    /**
     * One CPU worker. Only the runtime makes these: there is no public constructor, so a figure
     * added in a later version breaks no caller.
     */
    public static final class WorkerSnapshot {

        private final String name;
        private final WorkerState state;
        private final int queueDepth;
        private final boolean compensating;
        private final int cpu;
        private final int node;
        private final boolean pinned;

        /** Made by {@link MoiraiRuntime#snapshot()}; {@code name} and {@code state} must not be null. */
        WorkerSnapshot(String name, WorkerState state, int queueDepth, boolean compensating, int cpu, int node,
                boolean pinned) {
            this.name = Objects.requireNonNull(name, "name");
            this.state = Objects.requireNonNull(state, "state");
            this.queueDepth = queueDepth;
            this.compensating = compensating;
            this.cpu = cpu;
            this.node = node;
            this.pinned = pinned;
        }

        /**
         * The thread's name, e.g. {@code moirai-cpu-0}.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * What it is doing.
         *
         * @return the state
         */
        public WorkerState state() {
            return state;
        }

        /**
         * Tasks in its own deque.
         *
         * @return the count
         */
        public int queueDepth() {
            return queueDepth;
        }

        /**
         * Whether it is a temporary worker standing in for a blocked one.
         *
         * @return {@code true} for a compensation worker
         */
        public boolean compensating() {
            return compensating;
        }

        /**
         * The CPU its slot is placed on (the one it is pinned to, if pinned).
         *
         * @return the CPU id, -1 if unknown
         */
        public int cpu() {
            return cpu;
        }

        /**
         * The NUMA node of that CPU, whose workers it steals from first.
         *
         * @return the node id, -1 if unknown
         */
        public int node() {
            return node;
        }

        /**
         * Whether its thread is pinned to {@link #cpu()}.
         *
         * @return {@code true} if pinned
         */
        public boolean pinned() {
            return pinned;
        }

        /**
         * Whether {@code other} is a worker snapshot with the same figures.
         *
         * @param other the object to compare with
         * @return {@code true} if every figure is equal
         */
        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof WorkerSnapshot that
                    && name.equals(that.name)
                    && state == that.state
                    && queueDepth == that.queueDepth
                    && compensating == that.compensating
                    && cpu == that.cpu
                    && node == that.node
                    && pinned == that.pinned;
        }

        /**
         * A hash of every figure, consistent with {@link #equals(Object)}.
         *
         * @return the hash
         */
        @Override
        public int hashCode() {
            return Objects.hash(name, state, queueDepth, compensating, cpu, node, pinned);
        }

        /**
         * Every figure by name, in the form records use.
         *
         * @return e.g. {@code WorkerSnapshot[name=moirai-cpu-0, state=PARKED, ...]}
         */
        @Override
        public String toString() {
            return "WorkerSnapshot[name=" + name + ", state=" + state + ", queueDepth=" + queueDepth
                    + ", compensating=" + compensating + ", cpu=" + cpu + ", node=" + node + ", pinned=" + pinned
                    + "]";
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
