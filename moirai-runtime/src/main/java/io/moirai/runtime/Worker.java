package io.moirai.runtime;

import io.moirai.concurrent.WorkStealingDeque;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One CPU worker: its deque, its counters and the loop its thread runs. The scheduling policy it
 * follows (where to look for work, when to search, when to park) is described in {@link CpuLane}.
 */
final class Worker extends IdleState.Sleeper implements Runnable {

    static final int STATUS_SEARCHING = 1;
    static final int STATUS_PARKED = 2;

    /** Every this many tasks the injection queue is polled before the local deque, so it never starves. */
    private static final int INJECTION_CHECK_INTERVAL = 61;
    /** Tasks taken from the injection queue per visit (the first runs, the rest become stealable). */
    private static final int INJECTION_BATCH = 17;
    /** Most tasks taken from one victim in one steal. */
    private static final int STEAL_BATCH = 32;
    /**
     * Rounds over all victims and the injection queue before a searcher parks, with a growing
     * number of spin-wait hints between rounds: a few microseconds in all. A steady stream of
     * submissions then finds a searcher awake and needs no unpark system call, while an idle
     * runtime parks within microseconds.
     */
    private static final int SEARCH_ROUNDS = 32;
    /** Rounds a joiner with nothing to help spins (looking again each round) before it parks. */
    private static final int JOIN_SPIN_ROUNDS = 64;
    private static final long MIN_JOIN_WAIT_NANOS = 1_000L;
    /**
     * The longest a joiner parks before it looks for work to help again. Completion of the
     * awaited task unparks it at once; the bound is for new work to help with, which a
     * pushing worker does not signal to a joiner (joiners are not in the sleeper stack).
     */
    private static final long MAX_JOIN_WAIT_NANOS = 100_000L;

    private static final VarHandle CURRENT;
    private static final VarHandle TASK_SEQUENCE;
    private static final VarHandle STATUS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CURRENT = lookup.findVarHandle(Worker.class, "current", RuntimeTask.class);
            TASK_SEQUENCE = lookup.findVarHandle(Worker.class, "taskSequence", long.class);
            STATUS = lookup.findVarHandle(Worker.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final CpuLane lane;
    final MoiraiRuntime runtime;
    final WorkStealingDeque<RuntimeTask<?>> deque = new WorkStealingDeque<>(256);
    final Tally tally;
    final boolean compensating;
    final WorkerThread thread;
    private final RuntimeTask<?>[] batch = new RuntimeTask<?>[INJECTION_BATCH];
    /** The NORMAL injection shard this worker visits first, so workers spread over the shards. */
    private final int injectionShard;
    /** The CPU this worker's slot is placed on (see {@link WorkerPlacement}); pinned to it if asked. */
    final int cpu;
    /** The NUMA node of {@link #cpu}. */
    final int node;
    /** The dense index of {@link #node}: which of {@link StealOrder}'s arrays this worker searches. */
    final int nodeIndex;
    /** Whether the thread was pinned to {@link #cpu}; written once by the thread itself as it starts. */
    volatile boolean pinned;

    /** Set when this worker must leave the pool after its current task. */
    volatile boolean retireRequested;
    /** True while parked in a join with nothing to help: not a blocked task, not worth compensating. */
    volatile boolean joinWaiting;

    // Read by the snapshot and the blocking detector on other threads; written by the owner with
    // opaque stores (no ordering needed: observers only sample them, and a stale sample merely
    // delays a report by one detector tick).
    @SuppressWarnings("unused")
    private RuntimeTask<?> current;
    @SuppressWarnings("unused")
    private long taskSequence;
    @SuppressWarnings("unused")
    private int status;

    // Owned by the blocking detector's thread (the timer thread).
    long detectSequence = -1L;
    long detectSinceNanos;
    /** Written by the detector, read by snapshots. */
    volatile boolean blockedReported;
    Worker compensator;

    private boolean searching;
    private int tick;

    Worker(CpuLane lane, Tally tally, String name, boolean compensating, int cpu, int node, int nodeIndex) {
        this.lane = lane;
        this.cpu = cpu;
        this.node = node;
        this.nodeIndex = nodeIndex;
        this.runtime = lane.runtime;
        this.tally = tally;
        this.compensating = compensating;
        this.thread = new WorkerThread(this, name);
        this.injectionShard = (int) thread.threadId() & (InjectionQueue.SHARDS - 1);
        runtime.configureThread(thread);
    }

    @Override
    public void run() {
        try {
            pinned = lane.pinIfAsked(this);
            loop();
        } catch (Throwable unexpected) {
            runtime.reportUncaught(unexpected);
        } finally {
            lane.workerExited(this, searching);
        }
    }

    private void loop() {
        for (; ; ) {
            if (retireRequested || runtime.isTidying()) {
                return;
            }
            if (lane.isPaused()) {
                lane.awaitResume();
                continue;
            }
            RuntimeTask<?> task = nextLocalTask();
            if (task == null) {
                task = search();
            }
            if (task != null) {
                if (searching) {
                    searching = false;
                    lane.stopSearching();
                }
                runTask(task);
            } else {
                park();
            }
        }
    }

    /** Own deque first (LIFO: the task just spawned is hot in cache), the injection queue periodically first. */
    private RuntimeTask<?> nextLocalTask() {
        RuntimeTask<?> task;
        if (++tick == INJECTION_CHECK_INTERVAL) {
            tick = 0;
            if ((task = pollInjection()) != null) {
                return task;
            }
        }
        if ((task = deque.pop()) != null) {
            return task;
        }
        return pollInjection();
    }

    /**
     * Takes a batch from one injection queue: runs the first, pushes the rest in reverse so this
     * worker pops them in submission order while thieves can take them from the other end.
     */
    private RuntimeTask<?> pollInjection() {
        RuntimeTask<?>[] taken = batch;
        int n = lane.injection.pollBatch(injectionShard, taken);
        if (n == 0) {
            return null;
        }
        RuntimeTask<?> first = taken[0];
        taken[0] = null;
        for (int i = n - 1; i > 0; i--) {
            deque.push(taken[i]);
            taken[i] = null;
        }
        if (n > 1) {
            lane.signalWork();
        }
        return first;
    }

    private RuntimeTask<?> search() {
        if (!searching) {
            if (!lane.tryStartSearching()) {
                return null;
            }
            searching = true;
        }
        STATUS.setOpaque(this, STATUS_SEARCHING);
        for (int round = 0; round < SEARCH_ROUNDS; round++) {
            RuntimeTask<?> task = stealFromOthers();
            if (task == null) {
                task = pollInjection();
            }
            if (task != null) {
                return task;
            }
            if (retireRequested || lane.isPaused() || runtime.isTidying()) {
                return null;
            }
            for (int spin = round >> 3; spin >= 0; spin--) {
                Thread.onSpinWait();
            }
        }
        return null;
    }

    /**
     * Visits every other worker once, those on this worker's NUMA node first, each group from a
     * random start; takes up to half of the first non-empty deque.
     */
    RuntimeTask<?> stealFromOthers() {
        StealOrder order = lane.stealOrder();
        RuntimeTask<?> task = stealFrom(order.local[nodeIndex]);
        return task != null ? task : stealFrom(order.remote[nodeIndex]);
    }

    private RuntimeTask<?> stealFrom(Worker[] victims) {
        int n = victims.length;
        if (n == 0 || (n == 1 && victims[0] == this)) {
            return null;
        }
        int start = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            Worker victim = victims[(start + i) % n];
            if (victim == this || victim.deque.isEmpty()) {
                continue;
            }
            int before = deque.size();
            RuntimeTask<?> task = victim.deque.stealBatch(deque, STEAL_BATCH);
            if (task != null) {
                tally.add(Tally.STEALS, 1L + Math.max(0, deque.size() - before));
                return task;
            }
        }
        return null;
    }

    private void park() {
        boolean wasSearching = searching;
        searching = false;
        STATUS.setOpaque(this, STATUS_PARKED);
        if (lane.transitionToParked(this, wasSearching) && lane.hasQueuedWork()) {
            // The last searcher re-checks every queue after giving up its searching status: a
            // submitter that saw it searching did not wake anyone (see CpuLane, "no lost wake-up").
            lane.signalWork();
        }
        if (runtime.isShutdown()) {
            runtime.tryTerminate();
        }
        tally.increment(Tally.PARKS);
        while (!notified) {
            if (retireRequested || runtime.isTidying()) {
                lane.leaveSleepers(this);
                return;
            }
            LockSupport.park(lane);
            Thread.interrupted(); // an interrupt aimed at a task must not make park spin
        }
        notified = false;
        searching = true; // a waker counts the woken worker as searching (see CpuLane.signalWork)
    }

    /** Runs one task on this thread, with the bookkeeping the snapshot and the detector read. */
    void runTask(RuntimeTask<?> task) {
        Thread.interrupted(); // a stale interrupt never reaches the next task
        Object previous = CURRENT.getOpaque(this);
        CURRENT.setOpaque(this, task);
        TASK_SEQUENCE.setOpaque(this, (long) TASK_SEQUENCE.getOpaque(this) + 1L);
        try {
            runtime.runTask(task);
        } finally {
            CURRENT.setOpaque(this, previous);
        }
    }

    /** Pushes a task spawned on this worker. */
    void push(RuntimeTask<?> task) {
        deque.push(task);
        lane.signalWork();
    }

    void helpUntilDone(CompletableFuture<?> future) {
        try {
            help(future, false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    boolean helpUntilDoneInterruptibly(CompletableFuture<?> future, boolean timed, long deadline)
            throws InterruptedException {
        return help(future, true, timed, deadline);
    }

    /**
     * Waits for {@code future} by running other work: this worker's own deque first (where the
     * awaited child usually is), then the injection queue, then other workers' deques. With
     * nothing to run it parks briefly (the future's completion unparks it at once) and looks
     * again, so work that arrives meanwhile still gets done even at parallelism 1.
     */
    private boolean help(CompletableFuture<?> future, boolean interruptible, boolean timed, long deadline)
            throws InterruptedException {
        boolean interrupted = false;
        boolean registered = false;
        long wait = MIN_JOIN_WAIT_NANOS;
        int idleRounds = 0;
        try {
            while (!future.isDone()) {
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    interrupted = true;
                }
                long remaining = 0L;
                if (timed && (remaining = deadline - System.nanoTime()) <= 0L) {
                    return false;
                }
                RuntimeTask<?> task = lane.isPaused() ? null : nextHelpTask();
                if (task != null) {
                    runTask(task);
                    wait = MIN_JOIN_WAIT_NANOS;
                    idleRounds = 0;
                    continue;
                }
                if (++idleRounds < JOIN_SPIN_ROUNDS) {
                    for (int spin = idleRounds >> 3; spin >= 0; spin--) {
                        Thread.onSpinWait();
                    }
                    continue;
                }
                if (!registered) {
                    Thread me = thread;
                    future.whenComplete((r, e) -> LockSupport.unpark(me));
                    registered = true;
                    continue;
                }
                joinWaiting = true;
                LockSupport.parkNanos(future, timed ? Math.min(wait, remaining) : wait);
                joinWaiting = false;
                wait = Math.min(wait << 1, MAX_JOIN_WAIT_NANOS);
            }
            return true;
        } finally {
            if (registered) {
                joinWaiting = false;
            }
            if (interrupted) {
                thread.interrupt();
            }
        }
    }

    private RuntimeTask<?> nextHelpTask() {
        RuntimeTask<?> task = deque.pop();
        if (task == null && (task = pollInjection()) == null) {
            task = stealFromOthers();
        }
        return task;
    }

    RuntimeTask<?> currentTask() {
        return (RuntimeTask<?>) CURRENT.getOpaque(this);
    }

    long taskSequence() {
        return (long) TASK_SEQUENCE.getOpaque(this);
    }

    int status() {
        return (int) STATUS.getOpaque(this);
    }

    String name() {
        return thread.getName();
    }
}
