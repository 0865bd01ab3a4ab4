package io.moirai.runtime;

import io.moirai.topology.Topology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The CPU lane: a work-stealing pool of platform threads.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Queues.</b> Each {@link Worker} owns a Chase–Lev {@link WorkStealingDeque}:
 * the owner pushes and pops at the bottom without a CAS (except for the last element), thieves
 * take from the top with one CAS each. A task spawned on a worker goes to the bottom of its
 * deque and, being popped LIFO, is normally the next task that worker runs, while its data is hot
 * in cache. That is what Tokio's "LIFO slot" buys; we get it from the deque's owner end, and the
 * task stays stealable, so it can never be stranded behind a worker that blocks (the known
 * weakness of Tokio's unstealable slot). Tasks from other threads go to the
 * {@link InjectionQueue}: one CAS per submission, which also counts it, {@code NORMAL} tasks
 * spread over a few queues by submitting thread so submitters do not share a producer word, one
 * queue each for {@code HIGH} and {@code LOW}, each queue drained in batches by one worker at a
 * time, except {@code HIGH}, taken one task at a time so that every worker sees every waiting
 * {@code HIGH} task (see {@link InjectionQueue#pollHigh()}).
 *
 * <p><b>Finding work.</b> A worker looks at its own deque, then the injection queue; every 61st
 * task it looks at the injection queue first, so a worker that keeps spawning cannot starve
 * external submissions (Tokio's global-queue interval). An idle worker becomes a <em>searcher</em>
 * and looks at the injection queue, then visits the other workers, taking up to half of the
 * first non-empty deque in one go (amortising the search over many tasks), for a few rounds
 * before it parks, separated by spin-wait hints, never by yields: a searcher that yielded to a
 * submitter sharing its core waited behind it there, and its next wake-up was then often placed
 * on that busy core while another sat idle (see {@link Worker}'s search). The injection queue
 * comes first so that a worker woken for a batch another worker has just taken from a
 * submitter's shard takes a fresh batch of its own rather than half of that one, whose tasks
 * sit in the other core's cache. (It was meant to cure a slow mode of runs from two and four
 * submitting threads on two cores, where a third of the time goes into what each submitter's
 * tasks share; it did not: steals there are one task in a thousand. See docs/runtime.md.)
 * Fork/join measured the same with either order, as work spawned inside tasks is still stolen
 * as soon as the injection queue has none. A worker comes back to the
 * injection shard it last found tasks in, for a bounded number of batches: it keeps serving one
 * submitter while other workers serve the others, so a submitter's tasks (and what they touch)
 * stay in one core's cache, and no shard waits on another that its submitter keeps full. That
 * holds while the submitters keep their shards full; submitters that wait for each batch to
 * finish empty their shards in turn, and then (counted, two submitters on two cores) each
 * worker takes about half of each submitter's batches.
 *
 * <p><b>Where workers run.</b> Worker slot {@code i} is given the {@code i}-th usable CPU of the
 * {@link Topology}, ordered by NUMA node ({@link WorkerPlacement}), and so a node. A searcher
 * visits the workers of its own node first, from a random start, then those of the other nodes,
 * from a random start ({@link StealOrder}): a task stolen within the node finds its data in the
 * node's memory and shared cache. The order is rebuilt with the worker array, never on the search
 * path; on a single-node machine it is the worker array itself, so the search costs what a
 * node-blind one does. With {@code pinWorkers} each regular worker pins its own thread to its CPU
 * when it starts ({@link Affinity}); compensation workers stay unpinned, as
 * they stand in for a worker that is blocked, not running. Pinning that is unavailable leaves the
 * workers unpinned and logs one warning.
 *
 * <p><b>Throttled searching.</b> At most half of the workers search at once
 * ({@link #tryStartSearching()}); the others park straight away. Without the cap, every idle
 * worker hammers every deque on each submission, which is where a pool spends its time when
 * tasks are tiny.
 *
 * <p><b>Waking.</b> The idle state is one atomic word: the number of unparked workers and the
 * number of searching ones. A submission wakes a parked worker only if nobody is searching and
 * somebody is parked ({@link #signalWork()}); the woken worker starts out searching, so a burst of
 * submissions wakes one worker, not one per task (the over-signalling cost of
 * {@code ForkJoinPool}'s external submission). When a searcher finds work, it was the last
 * searcher and more work is queued, it wakes one more worker: work that arrives in bursts pulls
 * in workers one by one while there is still something to find, and a lone task wakes one.
 * Parking and waking go through a small lock that guards the stack of sleepers; submitters touch
 * it only when a wake-up is really due.
 *
 * <p><b>No lost wake-up.</b> A submitter publishes its task, then reads the idle word; a worker
 * about to park updates the idle word (a CAS, so sequentially consistent), and if it was the last
 * searcher, or parks without having searched, reads every queue again. This is Dekker's pattern:
 * either the submitter sees no searcher and wakes a sleeper, or the parking worker sees the task
 * and wakes one. A worker that parks without searching counted as awake until its CAS, so a
 * submitter (or a searcher that stopped) that read the word before it woke no one and left the
 * task to that worker: it must look. The injection queue's producer CAS is a full fence and its
 * emptiness check sees it, so external submissions can never be lost; nor can the batch a worker
 * moves from there into its deque, which it follows with a full fence before it signals. A push
 * of a task spawned on a worker uses a release store only: its signal may be missed, but the task
 * is then run by the pushing worker itself, so work is delayed, never lost. jcstress tests in
 * {@code moirai-jcstress} check the idle word's protocol with two actors;
 * {@code StartBehindALongTaskStressTest} checks the batch case through the runtime.
 *
 * <p><b>Changing size.</b> Workers are kept in a copy-on-write array that thieves read without
 * locking, and the stealing order derived from it is republished with it. Growing starts workers
 * in the lowest free slots; shrinking marks the highest workers to retire, so slots (and CPUs)
 * stay dense: each finishes
 * its current task, hands its deque's tasks to the injection queue and leaves. Thieves holding the
 * old array may still steal from a retiring deque, which is harmless: every element is taken once.
 *
 * <p><b>Spares.</b> A worker that blocks (a wait that cannot help, see {@link Waiting}, or a task
 * the {@link BlockingDetector} finds blocked) asks for a stand-in: the lane counts the demand and
 * keeps as many spare workers ({@code moirai-cpu-compensator-N}) active, at most
 * {@link #MAX_SPARES}. A spare is a full worker while active. When the demand drops, a spare
 * beyond it leaves the worker set at its next task boundary (a spare asleep as an idle worker is
 * woken for that), hands its queued tasks to the injection queue and parks outside the set for
 * {@link #SPARE_KEEP_ALIVE_NANOS}, so that the next blocked worker reuses its thread instead of
 * starting one; then its thread ends. Demand and spares are counted under the lane's lock, taken
 * only when a worker blocks or unblocks; spares read a volatile hint between tasks.
 *
 * <p><b>Rejected alternatives.</b> A single shared queue (ThreadPoolExecutor) serialises every
 * producer and consumer on one lock. Per-submitter queues with locks ({@code ForkJoinPool}'s
 * external queues) keep producers apart but make workers scan many queues. Unbounded spinning
 * before parking burns the cores a co-located process needs; we spin a few rounds only. Yielding
 * between later rounds, tried for one submitter on two cores, cost milliseconds of wake-up
 * latency later (docs/runtime.md, Design). Every worker starting at a fixed shard of its own
 * sent two workers to one submitter's queue whenever the thread ids mapped them there, halving
 * the rate from two submitters on two cores in such runs.
 */
final class CpuLane {

    final MoiraiRuntime runtime;
    final InjectionQueue injection = new InjectionQueue();

    final IdleState<Worker> idle = new IdleState<>();
    /** Guards the worker set and the pause condition; taken before the idle state's lock. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private volatile Worker[] workers = new Worker[0];
    /** Derived from {@link #workers} and republished with it, under {@link #lock}. */
    private volatile StealOrder stealOrder = StealOrder.EMPTY;
    private final WorkerPlacement placement;
    private final boolean pinWorkers;
    private final AtomicBoolean pinFailureLogged = new AtomicBoolean();
    private volatile boolean paused;
    /** The numbers in live regular workers' names ({@code cpu-N}); guarded by {@link #lock}. */
    private final BitSet workerNumbers = new BitSet();
    /** The numbers in live spares' names ({@code cpu-compensator-N}); guarded by {@link #lock}. */
    private final BitSet compensatorNumbers = new BitSet();
    /** Which number each live worker's name holds, to free it when the thread ends; guarded by {@link #lock}. */
    private final Map<Worker, Integer> nameNumbers = new IdentityHashMap<>();
    private volatile int parallelism;
    /** Workers blocked with a stand-in requested; guarded by {@link #lock}. */
    private int compensationDemand;
    /** Spares in the worker set; guarded by {@link #lock}. */
    private int activeSpares;
    /** {@code activeSpares > compensationDemand}, republished under {@link #lock} whenever either changes: spares read it between tasks without locking. */
    private volatile boolean surplusSpares;
    /** Spares parked outside the worker set for reuse, most recent first; guarded by {@link #lock}. */
    private final ArrayDeque<Worker> parkedSpares = new ArrayDeque<>();

    /** Most spare workers active at once, as {@code ForkJoinPool}'s default for its common pool. */
    static final int MAX_SPARES = 256;
    /** Whether the warning that the spares ran out was logged; guarded by the lock. */
    private boolean spareCapReported;
    /** How long a released spare stays parked for reuse before its thread ends. */
    static final long SPARE_KEEP_ALIVE_NANOS = 60_000_000_000L;

    CpuLane(MoiraiRuntime runtime, Topology topology, boolean pinWorkers) {
        this.runtime = runtime;
        this.placement = WorkerPlacement.of(topology);
        this.pinWorkers = pinWorkers && Affinity.isSupported(); // links FFM only when asked to pin
    }

    // ---- submission ----------------------------------------------------------------------

    /** From any thread: queue a task in the injection queue and wake a worker if one is due. */
    void inject(RuntimeTask<?> task) {
        injection.offer(task);
        signalWork();
    }

    /**
     * From a thread that is not one of this lane's workers: counts a submission in the injection
     * queue and queues it there unless {@code open}, asked after the count, refuses it (see
     * {@link InjectionQueue}); wakes a worker if one is due. Returns whether it was queued.
     */
    boolean submitExternal(RuntimeTask<?> task, java.util.function.BooleanSupplier open) {
        if (!injection.offerSubmission(task, open)) {
            return false;
        }
        signalWork();
        return true;
    }

    /** Wakes one parked worker if no worker is searching and one is parked. */
    void signalWork() {
        Worker sleeper = idle.wakeOne(workers.length);
        if (sleeper != null) {
            LockSupport.unpark(sleeper.thread);
        }
    }

    // ---- idle protocol -------------------------------------------------------------------

    boolean tryStartSearching() {
        return idle.tryStartSearching(workers.length);
    }

    /**
     * A searcher found work; if it was the last searcher and work is still queued, bring in
     * another for it. Only then: a worker woken for one task must not wake a second one that
     * finds nothing, spins on a CPU the submitter may need and parks again (which also put the
     * next wake-up on a busy CPU; see {@link Worker}'s search). The check is the last searcher's
     * re-check of the park path: the decrement is an atomic read-modify-write, so a submitter
     * whose task this check misses read the word after it, saw nobody searching and woke a
     * sleeper itself (see "No lost wake-up" above). The queues, one line per worker, are read
     * only if somebody is parked to be woken: a worker that parks after that read re-checks them
     * itself as the last searcher.
     */
    void stopSearching() {
        if (idle.stopSearching() && idle.wakeMayBeDue(workers.length) && hasQueuedWork()) {
            signalWork();
        }
    }

    /** Returns whether the worker was the last searcher. */
    boolean transitionToParked(Worker worker, boolean wasSearching) {
        return idle.park(worker, wasSearching);
    }

    /** A parked worker that leaves (retiring or terminating) without being woken by a submitter. */
    void leaveSleepers(Worker worker) {
        idle.leave(worker);
    }

    boolean hasQueuedWork() {
        if (!injection.looksEmpty()) {
            return true;
        }
        for (Worker worker : workers) {
            if (!worker.deque.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    // ---- pause ---------------------------------------------------------------------------

    boolean isPaused() {
        return paused;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        lock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
        signalWork();
    }

    void awaitResume() {
        lock.lock();
        try {
            while (paused && !runtime.termination().isStopping() && !runtime.termination().isTidying()) {
                resumed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- worker set ----------------------------------------------------------------------

    Worker[] workers() {
        return workers;
    }

    StealOrder stealOrder() {
        return stealOrder;
    }

    /** Called by a regular worker's own thread as it starts: pins it to its CPU if pinning is on. */
    boolean pinIfAsked(Worker worker) {
        if (!pinWorkers || worker.compensating) {
            return false;
        }
        if (Affinity.pinCurrentThread(worker.cpu)) {
            return true;
        }
        if (pinFailureLogged.compareAndSet(false, true)) {
            System.getLogger(MoiraiRuntime.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not pin " + worker.name() + " to CPU " + worker.cpu
                            + " (the kernel refused it); workers that cannot be pinned run unpinned.");
        }
        return false;
    }

    int parallelism() {
        return parallelism;
    }

    /** Starts or retires regular workers until {@code target} of them remain. */
    void resize(int target) {
        List<Worker> started = new ArrayList<>();
        lock.lock();
        try {
            parallelism = target;
            List<Worker> regular = new ArrayList<>();
            for (Worker worker : workers) {
                if (!worker.compensating && !worker.retireRequested) {
                    regular.add(worker);
                }
            }
            for (int slot = regular.size(); slot < target; slot++) {
                started.add(addWorkerLocked(false, slot));
            }
            for (int i = regular.size() - 1; i >= target; i--) {
                retireLocked(regular.get(i));
            }
        } finally {
            lock.unlock();
        }
        started.forEach(worker -> worker.thread.start());
    }

    // ---- compensation --------------------------------------------------------------------

    /**
     * A worker is about to block (a wait that cannot help, or a task the blocking detector found
     * blocked): make sure a spare worker stands in for it, so the lane keeps its parallelism.
     * A parked spare is reused (the most recently parked, whose caches are warmest); otherwise a
     * new one starts. At most {@link #MAX_SPARES} spares are active at once; beyond that the
     * worker blocks without a stand-in, as {@code ForkJoinPool} does past its spare limit.
     */
    void beginCompensatedWait() {
        Worker started = null;
        Worker reactivated = null;
        lock.lock();
        try {
            compensationDemand++;
            if (activeSpares < compensationDemand && activeSpares < MAX_SPARES && !runtime.termination().isTidying()) {
                activeSpares++;
                reactivated = parkedSpares.pollFirst();
                if (reactivated != null) {
                    rejoinLocked(reactivated);
                } else {
                    started = addWorkerLocked(true, compensatorNumbers.nextClearBit(0));
                }
            }
            surplusSpares = activeSpares > compensationDemand;
            if (activeSpares >= MAX_SPARES && activeSpares < compensationDemand && !spareCapReported) {
                spareCapReported = true;
                System.getLogger(MoiraiRuntime.class.getName()).log(System.Logger.Level.WARNING,
                        MAX_SPARES + " spare workers stand in for waiting tasks, the most there may be: "
                                + "from now on a task that waits blocks its worker without a stand-in, and a "
                                + "chain of waits deeper than the spares can stall the CPU lane (logged once)");
            }
        } finally {
            lock.unlock();
        }
        if (reactivated != null) {
            LockSupport.unpark(reactivated.thread);
        } else if (started != null) {
            started.thread.start();
        }
    }

    /** The blocked worker runs again; a spare beyond the demand leaves at its next task boundary. */
    void endCompensatedWait() {
        boolean surplus;
        lock.lock();
        try {
            compensationDemand--;
            surplus = surplusSpares = activeSpares > compensationDemand;
        } finally {
            lock.unlock();
        }
        if (surplus) {
            // a spare that sleeps as an idle worker would otherwise stay in the set until work came
            for (Worker worker : workers) {
                if (worker.compensating && worker.status() == Worker.STATUS_PARKED) {
                    LockSupport.unpark(worker.thread);
                }
            }
        }
    }

    /** Whether more spares are active than workers blocked: read by parked spares after a wake-up. */
    boolean hasSurplusSpares() {
        return surplusSpares;
    }

    /**
     * Called by a spare between tasks: if more spares are active than workers are blocked, this
     * one leaves the worker set (handing its queued tasks on) and returns true; it then parks in
     * {@link #awaitReactivation(Worker)}.
     */
    boolean releaseIfSurplus(Worker spare, boolean searching) {
        if (!surplusSpares) {
            return false;
        }
        boolean lastSearcher;
        lock.lock();
        try {
            if (activeSpares <= compensationDemand) {
                return false;
            }
            activeSpares--;
            surplusSpares = activeSpares > compensationDemand;
            lastSearcher = leaveSetLocked(spare, searching);
            spare.spareParked = true;
            parkedSpares.addFirst(spare);
        } finally {
            lock.unlock();
        }
        // A spare that leaves straight after a waker picked it (it was counted as the searcher
        // for queued work) must pass the wake-up on, or that work waits for the next submission.
        if (spare.deque.drainTo(injection::offer) > 0 || lastSearcher || hasQueuedWork()) {
            signalWork();
        }
        runtime.termination().tryTerminate(); // as a worker does when it parks: its last task may have been the runtime's last
        return true;
    }

    /**
     * A released spare waits to be reused, for up to {@link #SPARE_KEEP_ALIVE_NANOS}. Returns
     * true when reactivated (it is back in the worker set), false when its thread should end.
     */
    boolean awaitReactivation(Worker spare) {
        long parkedAt = System.nanoTime();
        for (;;) {
            if (!spare.spareParked) {
                return true;
            }
            long left = SPARE_KEEP_ALIVE_NANOS - (System.nanoTime() - parkedAt);
            if (left <= 0L || runtime.termination().isTidying()) {
                lock.lock();
                try {
                    if (parkedSpares.remove(spare)) {
                        spare.spareParked = false;
                        return false;
                    }
                } finally {
                    lock.unlock();
                }
                continue; // reactivated meanwhile
            }
            LockSupport.parkNanos(this, left);
            Thread.interrupted(); // shutdownNow's interrupts are for tasks, and this spare runs none
        }
    }

    private void rejoinLocked(Worker spare) {
        spare.spareParked = false;
        spare.inSet = true;
        Worker[] grown = Arrays.copyOf(workers, workers.length + 1);
        grown[grown.length - 1] = spare;
        publishLocked(grown);
        idle.workerAdded();
    }

    private Worker addWorkerLocked(boolean compensating, int slot) {
        // A name takes the lowest number no live thread of its kind holds, so that after a resize
        // down and up again the workers are cpu-0..cpu-(n-1) as before, not cpu-0, cpu-2. A worker
        // still retiring keeps its number until its thread ends: names stay unique among live
        // threads, at the cost of a gap while a retiree finishes its last task.
        BitSet taken = compensating ? compensatorNumbers : workerNumbers;
        int number = taken.nextClearBit(0);
        taken.set(number);
        String name = runtime.threadNamePrefix() + (compensating ? "cpu-compensator-" : "cpu-") + number;
        Worker worker = new Worker(this, runtime.tally().lease(), name, compensating,
                placement.cpu(slot), placement.node(slot), placement.nodeIndex(slot));
        nameNumbers.put(worker, number);
        Worker[] grown = Arrays.copyOf(workers, workers.length + 1);
        grown[grown.length - 1] = worker;
        publishLocked(grown);
        idle.workerAdded();
        runtime.termination().threadStarted();
        return worker;
    }

    private void publishLocked(Worker[] current) {
        workers = current;
        stealOrder = StealOrder.of(current, placement.nodeCount());
    }

    private void retireLocked(Worker worker) {
        if (worker.retireRequested) {
            return;
        }
        worker.retireRequested = true;
        idle.wake(worker); // if parked: as if woken, so it runs its exit path
        LockSupport.unpark(worker.thread);
    }

    /** The worker's thread is about to end: fix the counts, hand its tasks on, leave the set. */
    void workerExited(Worker worker, boolean searching) {
        boolean lastSearcher = false;
        lock.lock();
        try {
            if (worker.inSet) {
                lastSearcher = leaveSetLocked(worker, searching);
            }
            parkedSpares.remove(worker);
            Integer number = nameNumbers.remove(worker);
            if (number != null) {
                (worker.compensating ? compensatorNumbers : workerNumbers).clear(number);
            }
        } finally {
            lock.unlock();
        }
        int moved = worker.deque.drainTo(injection::offer);
        runtime.tally().giveBack(worker.tally);
        if (moved > 0 || lastSearcher || hasQueuedWork()) {
            signalWork(); // as in releaseIfSurplus: a retiring worker may have been picked by a waker
        }
        runtime.termination().tryTerminate(); // its last task may have been the runtime's last
        runtime.termination().threadExited();
    }

    /** Removes a worker from the set and the idle counts; returns whether it was the last searcher. */
    private boolean leaveSetLocked(Worker worker, boolean searching) {
        boolean lastSearcher = idle.workerLeft(searching);
        Worker[] current = workers;
        Worker[] shrunk = new Worker[current.length - 1];
        for (int i = 0, j = 0; i < current.length; i++) {
            if (current[i] != worker) {
                shrunk[j++] = current[i];
            }
        }
        publishLocked(shrunk);
        worker.inSet = false;
        return lastSearcher;
    }

    /** Wakes every worker, parked spares included, so that each sees the runtime is done and exits. */
    void wakeAllForExit() {
        Worker[] spares;
        lock.lock();
        try {
            resumed.signalAll();
            spares = parkedSpares.toArray(new Worker[0]);
        } finally {
            lock.unlock();
        }
        for (Worker worker : workers) {
            LockSupport.unpark(worker.thread);
        }
        for (Worker spare : spares) {
            LockSupport.unpark(spare.thread);
        }
    }

    void interruptAll() {
        for (Worker worker : workers) {
            worker.thread.interrupt();
        }
    }

    /**
     * Removes every queued task (injection queue and deques) into {@code sink}. Called after the
     * move to STOP: a worker moving tasks into its deque (from the injection queue or a victim)
     * finishes the move before its deque is drained, and no worker starts one (see
     * {@code Worker.enterTransit}), so no task is between two places when it looks.
     */
    int drain(Consumer<RuntimeTask<?>> sink) {
        int n = injection.drain(sink);
        for (Worker worker : workers) {
            worker.awaitTransit();
            n += worker.deque.drainTo(sink);
        }
        return n;
    }

    /**
     * The victim of {@code DISCARD_OLDEST}: the lowest-priority, oldest task of the injection
     * queue, else the oldest task of some worker's deque. May return a task that already ended
     * (a claimed entry); the caller's claim decides.
     */
    RuntimeTask<?> evictOldest() {
        RuntimeTask<?> victim = injection.pollOldestLowest();
        if (victim == null) {
            for (Worker w : workers) {
                if ((victim = w.deque.steal()) != null) {
                    break;
                }
            }
        }
        return victim;
    }

    /** Tasks running on the workers, nested ones included (a waiting task runs the awaited one on its stack). */
    long activeCount() {
        long n = 0L;
        for (Worker worker : workers) {
            n += worker.runningTasks();
        }
        return n;
    }
}
