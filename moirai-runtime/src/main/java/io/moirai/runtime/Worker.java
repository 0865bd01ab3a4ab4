package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One CPU worker: its deque, its counters and the loop its thread runs. The scheduling policy it
 * follows (where to look for work, when to search, when to park) is described in {@link CpuLane}.
 */
final class Worker extends WorkerPad1 implements Runnable {

    static final int STATUS_SEARCHING = 1;
    static final int STATUS_PARKED = 2;

    /** Every this many tasks the injection queue is polled before the local deque, so it never starves. */
    private static final int INJECTION_CHECK_INTERVAL = 61;
    /** Tasks taken from the injection queue per visit (the first runs, the rest become stealable). */
    static final int INJECTION_BATCH = 17;
    /** Batches taken into one array before it is replaced; see {@link #batch()}. */
    private static final int BATCH_ARRAY_USES = 256;
    /** Top-level runs recorded in one {@link Frame} before it is replaced. */
    private static final int FRAME_RUNS = 1024;
    /** Most tasks taken from one victim in one steal. */
    private static final int STEAL_BATCH = 32;
    /**
     * Rounds over all victims and the injection queue before a searcher parks, with a spin-wait
     * hint between them and never a yield (see {@link #search}): a few microseconds with two
     * workers. Long enough that a steady stream of submissions finds a searcher awake; short,
     * because a searcher that finds nothing spins on a CPU that, where threads outnumber cores,
     * a submitting thread is waiting for. On 2 cores, alternating forks against 128 rounds:
     * {@code ExternalSubmitBenchmark} from 1, 2 and 4 submitting threads 14.9, 25.3 and 28.0 M
     * tasks/s against 10.5, 19.0 and 19.3 M, and {@code WakeLatencyBenchmark} 45 against 58 us;
     * what it costs is a series of fork/join computations started one after another from outside
     * (fib(22) split down to 13: 15,100 against 17,800 computations per second, where
     * {@code ForkJoinPool} does 9,800), whose workers park more often in the gap between two.
     */
    private static final int SEARCH_ROUNDS = 16;
    /** Batches a worker takes in a row from one injection shard before it starts at the next; see {@link #pollInjection}. */
    static final int SHARD_STAY_BATCHES = 32;
    /** Most entries of one deque a waiting worker looks at for work the awaited task depends on. */
    private static final int HELP_SCAN_LIMIT = 32;

    private static final VarHandle TASK_SEQUENCE;
    private static final VarHandle STATUS;
    private static final VarHandle FRAME;
    private static final VarHandle HELP_DEPTH;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TASK_SEQUENCE = lookup.findVarHandle(WorkerHotFields.class, "taskSequence", long.class);
            STATUS = lookup.findVarHandle(WorkerHotFields.class, "status", int.class);
            FRAME = lookup.findVarHandle(WorkerHotFields.class, "frame", Worker.Frame.class);
            HELP_DEPTH = lookup.findVarHandle(WorkerHotFields.class, "helpDepth", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final CpuLane lane;
    final MoiraiRuntime runtime;
    /** The runtime's run state, read on every turn of the loop: kept here to save a hop. */
    private final Termination termination;
    final WorkStealingDeque<RuntimeTask<?>> deque = new WorkStealingDeque<>(256);
    /** Brackets moves into {@link #deque} against {@code shutdownNow()}'s drain. */
    private final TransitFlag transit = new TransitFlag();
    /** Whether {@code shutdownNow()} is emptying the queues; read as a move starts. */
    private final java.util.function.BooleanSupplier emptyingQueues;
    final Tally tally;
    final boolean compensating;
    final WorkerThread thread;
    /**
     * The {@code NORMAL} injection shard this worker visits first: where it last found tasks (see
     * {@link #pollInjection}). Owner only.
     */
    private int injectionShard;
    /** Batches taken in a row from {@link #injectionShard}; owner only. */
    private int shardBatches;
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

    // Owned by the blocking detector's thread (the timer thread).
    long detectSequence = -1L;
    long detectSinceNanos;
    /** The thread's CPU time when {@link #detectSequence} was first seen, or -1. */
    long detectCpuNanos = -1L;
    /** Written by the detector, read by snapshots. */
    volatile boolean blockedReported;

    private final java.util.function.Predicate<RuntimeTask<?>> helpable =
            candidate -> candidate.isNew() && !(candidate instanceof ScheduledTask<?>) && candidate.isDescendantOf(helpTarget);

    Worker(CpuLane lane, Tally tally, String name, boolean compensating, int cpu, int node, int nodeIndex) {
        this.lane = lane;
        this.cpu = cpu;
        this.node = node;
        this.nodeIndex = nodeIndex;
        this.runtime = lane.runtime;
        this.termination = runtime.termination();
        this.emptyingQueues = termination::isEmptyingQueues;
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
            // shutdownNow() may be emptying the queues: every task it finds is returned to its
            // caller, so take none until it is done (it waits for nothing of this worker's but a
            // move into the deque, which cannot be under way here)
            termination.awaitTakeable();
            RuntimeTask<?> task = nextLocalTask();
            if (task == null) {
                task = search();
            }
            if (task != null) {
                if (searching) {
                    searching = false;
                    lane.stopSearching();
                }
                if (lane.isPaused()) {
                    // Taken as the runtime paused: a search that began before pause() may find a
                    // task submitted after it, and nothing may start while paused. The volatile
                    // read sees the pause for any task submitted after pause() returned (the
                    // pause is written before the submission, which this worker's take follows);
                    // the task waits in this worker's deque and runs after resume().
                    deque.push(task);
                    continue;
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
        if ((task = pollInjection()) != null) {
            return task;
        }
        return lowIfNoNormalWaits();
    }

    /**
     * A {@code LOW} task, but only when no {@code NORMAL} task waits: none in the injection
     * queue, none on its way from there into another worker's deque, none in another worker's
     * deque (this worker steals it instead). In that order: a move that begins after the first
     * look finds the {@code NORMAL} queues empty, and one seen over has pushed its batch where
     * the steal finds it (the flag's release and acquire). Nothing is looked at when no
     * {@code LOW} task waits, so runtimes that use no {@code LOW} pay nothing for this.
     */
    private RuntimeTask<?> lowIfNoNormalWaits() {
        InjectionQueue injection = lane.injection;
        if (!injection.lowMayHaveEntries() || !injection.normalLooksEmpty() || othersMoving()) {
            return null;
        }
        RuntimeTask<?> task = stealFromOthers();
        return task != null ? task : pollLow();
    }

    private boolean othersMoving() {
        for (Worker w : lane.workers()) {
            if (w != this && w.transit.isMoving()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a batch from one injection queue ({@code HIGH} first, a single task, then the
     * {@code NORMAL} shards from {@link #injectionShard}; {@code LOW} is left to
     * {@link #lowIfNoNormalWaits}): runs the first, pushes the rest in reverse
     * so this worker pops them in submission order while thieves can take them from the other end.
     *
     * <p>A worker comes back to the shard it last found tasks in. Submitters spread over the
     * shards by thread, so a worker that stays with one shard runs one submitter's tasks, whose
     * data (and the counters they share) stay in its cache, while other workers serve the other
     * shards. Starting from a fixed shard instead, two workers met on the same submitter's queue
     * whenever the thread ids mapped them there, and each task's data crossed between cores: from
     * two submitters on two cores, the rate halved in such runs. The stay is bounded: after
     * {@value #SHARD_STAY_BATCHES} batches in a row from one shard the worker starts at the next,
     * so a shard kept busy by its submitter cannot keep every worker from the others.
     */
    private RuntimeTask<?> pollInjection() {
        if (!enterTransit()) {
            return null;
        }
        try {
            return pollInjectionInTransit();
        } finally {
            exitTransit();
        }
    }

    /** The {@code LOW} queue alone, for a worker that found nothing else (see {@link #lowIfNoNormalWaits}). */
    private RuntimeTask<?> pollLow() {
        if (!enterTransit()) {
            return null;
        }
        try {
            return takeBatch(lane.injection.pollLow(batch()));
        } finally {
            exitTransit();
        }
    }

    private RuntimeTask<?> pollInjectionInTransit() {
        RuntimeTask<?> high = pollHighInTransit();
        if (high != null) {
            return high;
        }
        InjectionQueue injection = lane.injection;
        RuntimeTask<?>[] into = batch();
        int n;
        int start = injectionShard;
        if (shardBatches >= SHARD_STAY_BATCHES) {
            shardBatches = 0;
            start = (start + 1) & (InjectionQueue.SHARDS - 1);
        }
        for (int i = 0; i < InjectionQueue.SHARDS; i++) {
            int shard = (start + i) & (InjectionQueue.SHARDS - 1);
            if ((n = injection.pollShard(shard, into)) != 0) {
                if (shard != injectionShard) {
                    injectionShard = shard;
                    shardBatches = 0;
                }
                shardBatches++;
                return takeBatch(n);
            }
        }
        return null; // LOW: see lowIfNoNormalWaits
    }

    /** The HIGH queue only; two volatile reads when it is empty. */
    private RuntimeTask<?> pollHigh() {
        if (lane.injection.highLooksEmpty() || !enterTransit()) {
            return null;
        }
        try {
            return pollHighInTransit();
        } finally {
            exitTransit();
        }
    }

    /** One task, never a batch: see {@link InjectionQueue#pollHigh()}. */
    private RuntimeTask<?> pollHighInTransit() {
        return lane.injection.pollHigh();
    }

    /**
     * Starts moving tasks into this worker's deque, unless {@code shutdownNow()} is emptying the
     * queues (see {@link TransitFlag}: either this worker sees STOP and takes nothing, or
     * {@code shutdownNow()} waits for the move to end before draining the deque). Once the drain
     * is over, moves resume: what they find came after it, and the runtime refuses to start it.
     */
    private boolean enterTransit() {
        return transit.enter(emptyingQueues);
    }

    private void exitTransit() {
        transit.exit();
    }

    /** Waits until no move into this worker's deque is under way; for {@code shutdownNow()}. */
    void awaitTransit() {
        transit.await();
    }

    /**
     * The array a batch is taken into, young: it is replaced every {@value #BATCH_ARRAY_USES}
     * batches, so a busy worker's array never lives long enough to be promoted, and filling it
     * costs no G1 write-barrier fence per task (see {@link Frame}). 84 bytes per 256 batches.
     */
    private RuntimeTask<?>[] batch() {
        if (++batchUses == BATCH_ARRAY_USES) {
            batchUses = 0;
            batch = new RuntimeTask<?>[INJECTION_BATCH];
        }
        return batch;
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
            // A full fence between the pushes and the look at the idle word: the pushes are
            // release stores, which a later load may pass, and a worker parking at this moment
            // makes its change to the word and then looks at this deque (see park()); without
            // the fence each could miss the other, and the batch wait behind this worker's
            // current task. One fence per batch, not per task.
            VarHandle.fullFence();
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
            // The injection queue (HIGH first) before the other workers: see CpuLane, "Finding
            // work". LOW last of all: the other workers' deques may hold NORMAL tasks.
            RuntimeTask<?> task = pollInjection();
            if (task == null) {
                task = stealFromOthers();
            }
            if (task == null) {
                task = lowIfNoNormalWaits();
            }
            if (task != null) {
                return task;
            }
            if (retireRequested || lane.isPaused() || termination.isTidying()) {
                return null;
            }
            // A spin-wait hint, never Thread.yield(). A searcher that yields while it shares a CPU
            // with a busy thread (a submitter, where there are more runnable threads than cores)
            // waits behind that thread, and its next wake-up was then often placed on the same
            // busy CPU: a task submitted to the idle runtime by a thread that went on computing
            // started 0.8 ms later at the median, and not within 3 ms one time in ten, while the
            // other core was idle (2 cores, Linux 6.18). Spinning keeps a searcher on its own
            // core, and the same task starts within about 10 us, as on ForkJoinPool. What the
            // yield bought (a third more tiny tasks from one submitter on 2 cores) is weighed
            // in docs/runtime.md, Design.
            Thread.onSpinWait();
        }
        return null;
    }

    /**
     * Visits every other worker once, those on this worker's NUMA node first, each group from a
     * random start; takes up to half of the first non-empty deque.
     */
    RuntimeTask<?> stealFromOthers() {
        if (!enterTransit()) {
            return null;
        }
        try {
            StealOrder order = lane.stealOrder();
            RuntimeTask<?> task = stealFrom(order.local[nodeIndex]);
            return task != null ? task : stealFrom(order.remote[nodeIndex]);
        } finally {
            exitTransit();
        }
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
        boolean lastSearcher = lane.transitionToParked(this, wasSearching);
        if ((lastSearcher || !wasSearching) && lane.hasQueuedWork()) {
            // The last searcher re-checks every queue after giving up its searching status: a
            // submitter that saw it searching did not wake anyone (see CpuLane, "no lost wake-up").
            // So does a worker that parks without having searched (the searchers' quota was
            // full): until its park above it counted as awake, so a submitter, or a searcher
            // that found work and stopped searching, saw no one parked and woke no one, and
            // left the task to it. Without this look a batch taken from the injection queue
            // waited in a busy worker's deque while this worker slept.
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

    /**
     * Runs one task at the bottom of this thread's stack, with the bookkeeping the snapshot and
     * the detector read, kept in the worker's {@link Frame} like that of the tasks nested in it.
     */
    void runTask(RuntimeTask<?> task) {
        Thread.interrupted(); // a stale interrupt never reaches the next task
        Frame f = frame;
        if (f == null || frameNested || ++frameRuns == FRAME_RUNS) {
            frameRuns = 0;
            frameNested = false;
            f = newFrame();
        }
        Frame.TOP.setOpaque(f, task);
        TASK_SEQUENCE.setOpaque(this, (long) TASK_SEQUENCE.getOpaque(this) + 1L);
        try {
            runtime.runTask(task);
        } finally {
            Frame.TOP.setOpaque(f, (RuntimeTask<?>) null);
        }
    }

    private Frame newFrame() {
        Frame f = new Frame();
        FRAME.setOpaque(this, f); // opaque: observers only sample the frame
        return f;
    }

    /** Runs a task nested in the current one, recording it in the frame; {@code claimed} if this thread already claimed it. */
    private void runInFrame(Frame f, RuntimeTask<?> task, boolean claimed) {
        Thread.interrupted();
        RuntimeTask<?> previous = f.current;
        Frame.CURRENT.setOpaque(f, task);
        TASK_SEQUENCE.setOpaque(this, (long) TASK_SEQUENCE.getOpaque(this) + 1L);
        try {
            if (claimed) {
                runtime.runClaimed(task, this);
            } else {
                runtime.runTask(task);
            }
        } finally {
            Frame.CURRENT.setOpaque(f, previous);
        }
    }

    /**
     * Runs a task the current one submitted and must run itself ({@code CALLER_RUNS}, or
     * {@code BLOCK} on a full lane): nested, with the current task's runner hidden, so a
     * {@code cancel(true)} of the current task never interrupts the submitted one.
     */
    void runInline(RuntimeTask<?> task) {
        runNested(currentTask(), task, RUN);
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
        runNested(outer, next, CLAIM);
        return true;
    }

    /**
     * {@code join}'s shortcut (see {@link RuntimeTask#tryRunInWaiter()}): if {@code target} is
     * the task this worker pushed last, claims it as it leaves the deque and runs it nested, as
     * {@link #helpWith} would, with one atomic instruction fewer. False when it is not on top,
     * or when the wait must take the general path (helping too deep, paused, the current task
     * being cancelled with an interrupt, an interrupt pending).
     */
    boolean tryRunPushedLast(RuntimeTask<?> target) {
        // A pending interrupt is the waiter's: the general path throws it (get) or takes it
        // before helping and restores it after (join); a nested run here would clear it for good.
        if (helpDepth >= Waiting.MAX_HELP_DEPTH || lane.isPaused() || thread.isInterrupted()) {
            return false;
        }
        RuntimeTask<?> outer = currentTask();
        if (outer != null && outer.interruptRequested()) {
            return false;
        }
        return runNested(outer, target, POP_AND_CLAIM);
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
     * {@link #runNested}: run a task no one else can reach, one this thread submitted and must
     * run itself; the run claims it as a worker's run from a queue does.
     */
    private static final int RUN = 0;
    /**
     * {@link #runNested}: claim a task seen unstarted in a deque as its waiter, and run it only if
     * that wins. A task seen unstarted may be handed back by {@code shutdownNow()} before it is
     * run; a claim as a queue's taker would take that for a handed-back task's caller and run it
     * anyway, and the task would run here and again by whoever runs the returned list.
     */
    private static final int CLAIM = 1;
    /** {@link #runNested}: take back the task this worker pushed last, claiming it as it leaves the deque. */
    private static final int POP_AND_CLAIM = 2;

    /**
     * Runs {@code inner} inside the frame of {@code outer} with {@code outer}'s runner hidden
     * from {@code cancel(true)} (see the note in {@link RuntimeTask}). An interrupt {@code inner}
     * leaves behind is cleared: it was not meant for the outer task; one meant for the outer task
     * (from {@code cancel(true)}, or pending when the nested run begins) is delivered when its
     * frame is current again. {@code how} says how {@code inner} becomes
     * this thread's: {@link #RUN}, {@link #CLAIM} or {@link #POP_AND_CLAIM}. A claim comes after
     * the runner is hidden (the claim's CAS is the fence the hiding needs); returns false, having
     * run nothing, if it fails.
     */
    private boolean runNested(RuntimeTask<?> outer, RuntimeTask<?> inner, int how) {
        Frame f = frame; // set by runTask, which every nested run is inside
        if (f == null) {
            f = newFrame();
        }
        frameNested = true;
        // pending now: the outer task's own (a worker clears stale ones between tasks), so held
        // back from inner as cancel(true)'s is, and delivered again below
        boolean outerInterrupted = Thread.interrupted();
        RuntimeTask<?> previousOuter = f.nestedOuter;
        boolean previousShown = f.outerShown;
        if (outer != null) {
            outer.hideRunner();
        }
        f.nestedOuter = outer;
        f.outerShown = false;
        HELP_DEPTH.setOpaque(this, helpDepth + 1); // opaque: the snapshot samples it (runningTasks)
        boolean ran = false;
        try {
            if (how == RUN) {
                ran = true;
                runInFrame(f, inner, false);
            } else if (how == CLAIM ? inner.tryStartAsWaiter() : deque.popIfClaimed(inner, RuntimeTask.CLAIM_AS_WAITER)) {
                ran = true;
                runInFrame(f, inner, true);
            }
            return ran;
        } finally {
            HELP_DEPTH.setOpaque(this, helpDepth - 1);
            if (ran) {
                Thread.interrupted(); // left behind by inner, or meant for outer and delivered again below
            }
            if (outerInterrupted) {
                thread.interrupt();
            }
            if (outer != null) {
                if (!f.outerShown) {
                    outer.showRunner(true);
                }
                if (outer.interruptRequested()) {
                    outer.awaitInterruptDelivered();
                    thread.interrupt();
                }
            }
            if (ran && termination.isStopping()) {
                thread.interrupt(); // shutdownNow() interrupts every running task: the clear above may have taken the outer task's
            }
            f.nestedOuter = previousOuter;
            f.outerShown = previousShown;
        }
    }

    /**
     * The runtime claimed a task on this worker (a CAS). If it runs nested, and a
     * {@code cancel(true)} of the task whose frame it runs in may have seen the runner, wait
     * until that canceller is done and clear its interrupt before the nested task starts;
     * {@link #runNested} delivers it again afterwards.
     */
    void nestedStarted() {
        Frame f = frame;
        RuntimeTask<?> outer = f != null ? f.nestedOuter : null;
        if (outer != null && outer.interruptRequested()) {
            outer.awaitInterruptDelivered();
            Thread.interrupted();
        }
    }

    /** The runtime is about to make a nested task's final CAS: show the outer task's runner before it. */
    void nestedFinishing() {
        Frame f = frame;
        RuntimeTask<?> outer = f != null ? f.nestedOuter : null;
        if (outer != null && !f.outerShown) {
            outer.showRunner(false);
            f.outerShown = true;
        }
    }

    /**
     * How many tasks run on this worker's stack: none, or its top-level task and the tasks
     * nested in it (a waiting task running the awaited one). Any thread; a sample.
     */
    int runningTasks() {
        return currentTask() == null ? 0 : 1 + (int) HELP_DEPTH.getOpaque(this);
    }

    /** The innermost task running on this worker, or null. Any thread; a sample, possibly stale. */
    RuntimeTask<?> currentTask() {
        Frame f = (Frame) FRAME.getOpaque(this);
        if (f == null) {
            return null;
        }
        RuntimeTask<?> nested = (RuntimeTask<?>) Frame.CURRENT.getOpaque(f);
        return nested != null ? nested : (RuntimeTask<?>) Frame.TOP.getOpaque(f);
    }

    /**
     * What the worker runs: the task at the bottom of its stack, the innermost task nested in it
     * (for the snapshot, the detector and spawned tasks' parent links) and the one whose frame
     * that runs in (for the nested-run interrupt protocol of {@link RuntimeTask}).
     *
     * <p>Why an object of its own: a worker lives long, so the collector soon moves it to the old
     * generation, and G1 makes every store of a reference to a young object (a task) into an old
     * one pay a StoreLoad fence in its write barrier. Recording the running task and restoring
     * the previous one, twice over for a fork/join step, cost four fences per task kept in the
     * worker itself, and fork/join ran about a third slower once the worker was promoted. The
     * frame is replaced after a top-level run in which tasks nested (a fork/join computation may
     * nest millions of times in one run, and a frame per run stays young) and otherwise every
     * {@value Worker#FRAME_RUNS} top-level runs, so a busy worker's frame stays young and its
     * stores skip the fence; an idle worker's frame may age, which costs nothing that matters.
     * Between top-level runs every field is back to its initial value (nested runs restore what
     * they change), so replacing the frame loses nothing.
     */
    static final class Frame {
        static final VarHandle CURRENT;
        static final VarHandle TOP;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                CURRENT = lookup.findVarHandle(Frame.class, "current", RuntimeTask.class);
                TOP = lookup.findVarHandle(Frame.class, "top", RuntimeTask.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The task at the bottom of the stack, or null; written by the owner with opaque stores, sampled by others. */
        RuntimeTask<?> top;
        /** The innermost nested task, or null; written by the owner with opaque stores, sampled by others. */
        RuntimeTask<?> current;
        /** The task whose frame the innermost nested task runs in, or null; owner only. */
        RuntimeTask<?> nestedOuter;
        /** Whether {@link #nestedOuter}'s runner has been shown again; owner only. */
        boolean outerShown;
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

/*
 * Worker's layout. Its thread writes the fields of WorkerHotFields on every task (and twice per
 * nested run), while other threads read the worker's other fields (thieves its deque, the
 * detector its counters, wakers the sleeper flag) and, through the object next to it in the
 * heap, whatever lies there. Without padding, where the garbage collector happens to place a
 * worker next to a hot field of another object decides whether the lane runs at full speed or at
 * a fraction of it: fork/join on two workers was seen settling at either 1,800 or 520
 * computations per second in the same JVM, depending on the run. HotSpot lays out a superclass's
 * fields before its subclass's, so the hot fields sit between 128 bytes of padding on each side
 * (two lines: adjacent-line prefetchers fetch lines in pairs), as in WorkStealingDeque.
 */

/** Padding between the sleeper's flag (and the object before this one) and the hot fields. */
abstract class WorkerPad0 extends IdleState.Sleeper {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p010, p011, p012, p013, p014, p015, p016, p017;
    byte p100, p101, p102, p103, p104, p105, p106, p107, p110, p111, p112, p113, p114, p115, p116, p117;
    byte p200, p201, p202, p203, p204, p205, p206, p207, p210, p211, p212, p213, p214, p215, p216, p217;
    byte p300, p301, p302, p303, p304, p305, p306, p307, p310, p311, p312, p313, p314, p315, p316, p317;
    byte p400, p401, p402, p403, p404, p405, p406, p407, p410, p411, p412, p413, p414, p415, p416, p417;
    byte p500, p501, p502, p503, p504, p505, p506, p507, p510, p511, p512, p513, p514, p515, p516, p517;
    byte p600, p601, p602, p603, p604, p605, p606, p607, p610, p611, p612, p613, p614, p615, p616, p617;
    byte p700, p701, p702, p703, p704, p705, p706, p707, p710, p711, p712, p713, p714, p715, p716, p717;
    byte p90, p91, p92, p93, p94, p95, p96, p97; // the JVM may pack a subclass field into the last gap
}

/** What the worker's own thread writes on every task. */
abstract class WorkerHotFields extends WorkerPad0 {
    // Read by the snapshot and the blocking detector on other threads; written by the owner with
    // opaque stores (no ordering needed: observers only sample them, and a stale sample merely
    // delays a report by one detector tick). Accessed through Worker's VarHandles.
    long taskSequence;
    int status;
    /** Top-level runs recorded in the current frame; owner only. */
    int frameRuns;
    /** Whether a task nested in the current frame; the next top-level run then starts a new one. Owner only. */
    boolean frameNested;
    /** The array batches are taken into, replaced every so many batches (see Worker.batch()); owner only. */
    RuntimeTask<?>[] batch = new RuntimeTask<?>[Worker.INJECTION_BATCH];
    /** Batches taken into {@link #batch}; owner only. */
    int batchUses;

    // Owner only.
    boolean searching;
    int tick;
    /** Helped tasks nested on this worker's stack right now; written by the owner with opaque stores (Worker.HELP_DEPTH), sampled by snapshots. */
    int helpDepth;
    /** Nested runs inside the current top-level task, or null; see {@link Worker.Frame}. Accessed through FRAME. */
    Worker.Frame frame;
    /** The awaited task of the current help scan, reused to keep scans allocation-free. */
    RuntimeTask<?> helpTarget;
}

/** Padding between the hot fields and the rest of the worker. */
abstract class WorkerPad1 extends WorkerHotFields {
    byte q000, q001, q002, q003, q004, q005, q006, q007, q010, q011, q012, q013, q014, q015, q016, q017;
    byte q100, q101, q102, q103, q104, q105, q106, q107, q110, q111, q112, q113, q114, q115, q116, q117;
    byte q200, q201, q202, q203, q204, q205, q206, q207, q210, q211, q212, q213, q214, q215, q216, q217;
    byte q300, q301, q302, q303, q304, q305, q306, q307, q310, q311, q312, q313, q314, q315, q316, q317;
    byte q400, q401, q402, q403, q404, q405, q406, q407, q410, q411, q412, q413, q414, q415, q416, q417;
    byte q500, q501, q502, q503, q504, q505, q506, q507, q510, q511, q512, q513, q514, q515, q516, q517;
    byte q600, q601, q602, q603, q604, q605, q606, q607, q610, q611, q612, q613, q614, q615, q616, q617;
    byte q700, q701, q702, q703, q704, q705, q706, q707, q710, q711, q712, q713, q714, q715, q716, q717;
    byte q90, q91, q92, q93, q94, q95, q96, q97; // the JVM may pack a subclass field into the last gap
}
