package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    /** Most entries of one deque a waiting worker looks at for work the awaited task depends on. */
    private static final int HELP_SCAN_LIMIT = 32;

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
    /** The runtime's run state, read on every turn of the loop: kept here to save a hop. */
    private final Termination termination;
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
    /** True while parked in a wait ({@link Waiting}): compensated there, so not the blocking detector's to report. */
    volatile boolean waiting;
    /** In the lane's worker array; false while a spare is parked outside it. Guarded by the lane's lock. */
    boolean inSet = true;
    /** A spare parked for reuse (see {@link CpuLane#beginCompensatedWait()}); cleared by whoever reactivates it. */
    volatile boolean spareParked;

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
    /** The thread's CPU time when {@link #detectSequence} was first seen, or -1. */
    long detectCpuNanos = -1L;
    /** Written by the detector, read by snapshots. */
    volatile boolean blockedReported;

    private boolean searching;
    private int tick;
    /** Helped tasks nested on this worker's stack right now; owner only. */
    private int helpDepth;
    /** The task whose frame the innermost nested task runs in, or null; owner only. */
    private RuntimeTask<?> nestedOuter;
    /** Whether {@link #nestedOuter}'s runner has been shown again; owner only. */
    private boolean outerShown;
    /** The awaited task of the current help scan; owner only, reused to keep scans allocation-free. */
    private RuntimeTask<?> helpTarget;
    private final java.util.function.Predicate<RuntimeTask<?>> helpable =
            candidate -> candidate.isNew() && candidate.isDescendantOf(helpTarget);

    Worker(CpuLane lane, Tally tally, String name, boolean compensating, int cpu, int node, int nodeIndex) {
        this.lane = lane;
        this.cpu = cpu;
        this.node = node;
        this.nodeIndex = nodeIndex;
        this.runtime = lane.runtime;
        this.termination = runtime.termination();
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
            if (retireRequested || termination.isTidying()) {
                return;
            }
            if (lane.isPaused()) {
                lane.awaitResume();
                continue;
            }
            if (compensating && lane.releaseIfSurplus(this, searching)) {
                searching = false;
                if (!lane.awaitReactivation(this)) {
                    return;
                }
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
        if ((task = pollHigh()) != null) {
            return task; // a HIGH task waits for nothing this worker queued before it
        }
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
        return takeBatch(lane.injection.pollBatch(injectionShard, batch));
    }

    /** The HIGH queue only; two volatile reads when it is empty. */
    private RuntimeTask<?> pollHigh() {
        return lane.injection.highLooksEmpty() ? null : takeBatch(lane.injection.pollHigh(batch));
    }

    private RuntimeTask<?> takeBatch(int n) {
        RuntimeTask<?>[] taken = batch;
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
            RuntimeTask<?> task = pollHigh();
            if (task == null) {
                task = stealFromOthers();
            }
            if (task == null) {
                task = pollInjection();
            }
            if (task != null) {
                return task;
            }
            if (retireRequested || lane.isPaused() || termination.isTidying()) {
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
        termination.tryTerminate();
        tally.increment(Tally.PARKS);
        while (!notified) {
            if (retireRequested || termination.isTidying()) {
                lane.leaveSleepers(this);
                return;
            }
            if (compensating && lane.hasSurplusSpares()) {
                lane.leaveSleepers(this);
                return; // back to the loop, which releases this spare
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

    /** {@link #runTask} for a task this worker has already claimed. */
    private void runClaimed(RuntimeTask<?> task) {
        Thread.interrupted();
        Object previous = CURRENT.getOpaque(this);
        CURRENT.setOpaque(this, task);
        TASK_SEQUENCE.setOpaque(this, (long) TASK_SEQUENCE.getOpaque(this) + 1L);
        try {
            runtime.runClaimed(task, this);
        } finally {
            CURRENT.setOpaque(this, previous);
        }
    }

    /** Pushes a task spawned on this worker. */
    void push(RuntimeTask<?> task) {
        deque.push(task);
        lane.signalWork();
    }

    int helpDepth() {
        return helpDepth;
    }

    /**
     * One step of a wait for {@code target} (see {@link Waiting}): runs the target itself if it
     * has not started, else one not-started descendant of it. Returns false when neither is to
     * be found, or when the task this worker is running is being cancelled with an interrupt.
     */
    boolean helpWith(RuntimeTask<?> target) {
        if (lane.isPaused()) {
            return false;
        }
        RuntimeTask<?> next = null;
        if (target.isNew() && target.enqueued) {
            next = target;
        } else if ((next = findDescendant(target)) == null) {
            return false;
        }
        RuntimeTask<?> outer = currentTask();
        if (outer != null && outer.interruptRequested()) {
            outer.awaitInterruptDelivered();
            thread.interrupt(); // being cancelled with an interrupt: the wait ends instead
            return false;
        }
        if (next == target) {
            RuntimeTask<?> last = deque.pop(); // the usual fork/join case: the target was pushed last
            if (last != null && last != target) {
                deque.push(last);
            }
        }
        runNested(outer, next, false);
        return true;
    }

    /**
     * {@code join}'s shortcut (see {@link RuntimeTask#tryRunInWaiter()}): if {@code target} is
     * the task this worker pushed last, claims it as it leaves the deque and runs it nested, as
     * {@link #helpWith} would, with one atomic instruction fewer. False when it is not on top,
     * or when the wait must take the general path (helping too deep, paused, the current task
     * being cancelled with an interrupt).
     */
    boolean tryRunPushedLast(RuntimeTask<?> target) {
        if (helpDepth >= Waiting.MAX_HELP_DEPTH || lane.isPaused()) {
            return false;
        }
        RuntimeTask<?> outer = currentTask();
        if (outer != null && outer.interruptRequested()) {
            return false;
        }
        return runNested(outer, target, true);
    }

    /** Scans the deques' oldest entries, the target's runner's first, for a not-started descendant of {@code target}. */
    private RuntimeTask<?> findDescendant(RuntimeTask<?> target) {
        helpTarget = target;
        try {
            Worker runner = target.runnerHint() instanceof WorkerThread thread && thread.worker().lane == lane
                    ? thread.worker() : null;
            RuntimeTask<?> found = runner != null ? runner.deque.findFirst(helpable, HELP_SCAN_LIMIT) : null;
            if (found != null) {
                return found;
            }
            for (Worker other : lane.workers()) {
                if (other != runner && !other.deque.isEmpty()
                        && (found = other.deque.findFirst(helpable, HELP_SCAN_LIMIT)) != null) {
                    return found;
                }
            }
            return null;
        } finally {
            helpTarget = null;
        }
    }

    /**
     * Runs {@code inner} inside the frame of {@code outer} with {@code outer}'s runner hidden
     * from {@code cancel(true)} (see the note in {@link RuntimeTask}). An interrupt {@code inner}
     * leaves behind is cleared: it was not meant for the outer task; one meant for the outer task
     * is delivered when its frame is current again. With {@code popFirst}, {@code inner} is
     * claimed as it is popped from this worker's deque, after the runner is hidden (the claim's
     * CAS is the fence the hiding needs); returns false, having run nothing, if that fails.
     */
    private boolean runNested(RuntimeTask<?> outer, RuntimeTask<?> inner, boolean popFirst) {
        RuntimeTask<?> previousOuter = nestedOuter;
        boolean previousShown = outerShown;
        if (outer != null) {
            outer.hideRunner();
        }
        nestedOuter = outer;
        outerShown = false;
        helpDepth++;
        boolean ran = false;
        try {
            if (!popFirst) {
                ran = true;
                runTask(inner);
            } else if (deque.popIfClaimed(inner, RuntimeTask.CLAIM_AS_WAITER)) {
                ran = true;
                runClaimed(inner);
            }
            return ran;
        } finally {
            helpDepth--;
            if (ran) {
                Thread.interrupted(); // left behind by inner, or meant for outer and delivered again below
            }
            if (outer != null) {
                if (!outerShown) {
                    outer.showRunner(true);
                }
                if (outer.interruptRequested()) {
                    outer.awaitInterruptDelivered();
                    thread.interrupt();
                }
            }
            nestedOuter = previousOuter;
            outerShown = previousShown;
        }
    }

    /**
     * The runtime claimed a task on this worker (a CAS). If it runs nested, and a
     * {@code cancel(true)} of the task whose frame it runs in may have seen the runner, wait
     * until that canceller is done and clear its interrupt before the nested task starts;
     * {@link #runNested} delivers it again afterwards.
     */
    void nestedStarted() {
        RuntimeTask<?> outer = nestedOuter;
        if (outer != null && outer.interruptRequested()) {
            outer.awaitInterruptDelivered();
            Thread.interrupted();
        }
    }

    /** The runtime is about to make a nested task's final CAS: show the outer task's runner before it. */
    void nestedFinishing() {
        RuntimeTask<?> outer = nestedOuter;
        if (outer != null && !outerShown) {
            outer.showRunner(false);
            outerShown = true;
        }
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
