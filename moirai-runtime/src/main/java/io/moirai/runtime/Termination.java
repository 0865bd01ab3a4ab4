package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Owns the runtime's run state and its way to the end: the moves of {@code shutdown} and
 * {@code shutdownNow}, the count of live threads, the last step to {@code TERMINATED}, waiting
 * for it, and the {@link RuntimeEvent.Stopped} event.
 */
final class Termination {

    /*
     * Run state, in the order it only ever moves (every change is a CAS that goes forward):
     *
     *   RUNNING ──shutdown()──▶ SHUTDOWN ──shutdownNow()──▶ STOP
     *      └────────────────shutdownNow()──────────────────▶ STOP
     *   SHUTDOWN or STOP ──tryTerminate(), nothing outstanding──▶ TIDYING ──last thread exits──▶ TERMINATED
     *
     * Nothing outstanding means the tally is quiescent: every submission counted has ended.
     * Admission counts a submission before it reads the state (see Admission#admit), so a
     * submitter racing with the move to TIDYING is either seen by the comparison or sees the new
     * state and rejects, which also counts as an end.
     *
     * In TIDYING the timer stops and every CPU worker is woken to see it and exit. Threads count
     * themselves live from just before they start until their last moments; the thread that takes
     * the count to zero in TIDYING, or tryTerminate finding it zero already, moves to TERMINATED.
     * That CAS happens once: its winner signals awaitTermination and emits Stopped.
     *
     * stopRequested remembers that shutdownNow was called: once the state has moved on to
     * TIDYING the run state no longer tells, and the snapshot reports STOPPING rather than
     * SHUTTING_DOWN until TERMINATED.
     */

    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int STOP = 2;
    static final int TIDYING = 3;
    static final int TERMINATED = 4;

    private static final VarHandle RUN_STATE;

    static {
        try {
            RUN_STATE = MethodHandles.lookup().findVarHandle(Termination.class, "runState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int runState;
    private volatile boolean stopRequested;
    /**
     * Set once {@code shutdownNow()} has emptied the queues. Until then, threads that take tasks
     * take none (see Worker), so each queued task is either returned by it or was already in a
     * thread's hands; a task queued after it is refused.
     */
    private volatile boolean drained;
    /** Released with {@link #drained}: threads waiting for the drain block on it instead of polling. */
    private final java.util.concurrent.CountDownLatch drainDone = new java.util.concurrent.CountDownLatch(1);

    private final MoiraiRuntime runtime;
    private final SharedTally tally;
    private final CpuLane cpu;
    private final BlockingLane blocking;
    private final TimerQueue timers;
    private final PaddedCounter liveThreads = new PaddedCounter(); // written by every thread that starts or ends
    /**
     * Threads in their last moments: each adds itself just before it stops counting as live,
     * so {@link #awaitTermination} can join it and no runtime thread outlives a successful wait.
     * Entries of threads that have died are pruned as others arrive.
     */
    private final Set<Thread> exitingThreads = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition terminated = lock.newCondition();

    Termination(MoiraiRuntime runtime, SharedTally tally, CpuLane cpu, BlockingLane blocking, TimerQueue timers) {
        this.runtime = runtime;
        this.tally = tally;
        this.cpu = cpu;
        this.blocking = blocking;
        this.timers = timers;
    }

    // ---- reading the state ---------------------------------------------------------------

    /** The run state, for a caller that tests it more than once and must test one reading. */
    int runState() {
        return runState;
    }

    boolean isRunning() {
        return runState == RUNNING;
    }

    boolean isShutdown() {
        return runState >= SHUTDOWN;
    }

    boolean isStopping() {
        return runState >= STOP;
    }

    /**
     * Whether {@code shutdownNow()} is emptying the queues right now: the state is STOP and the
     * drain has not finished. Threads that take tasks take none meanwhile, so that every queued
     * task is either returned by it or already in a thread's hands.
     */
    boolean isEmptyingQueues() {
        return runState == STOP && !drained;
    }

    /**
     * Called by a thread about to take a task from a queue: blocks while {@code shutdownNow()}
     * empties the queues, so that every task queued then is either returned by it or already in
     * a thread's hands. A task taken before the call, or found in a queue after the drain (a
     * submission racing with the call, accepted before STOP but queued after the drain passed),
     * runs, with its thread interrupted: it was accepted and not returned, so running it is the
     * only ending that loses nothing, as {@code ThreadPoolExecutor} runs the task a worker holds.
     *
     * <p>One read of the run state decides. Asked in two reads ("is the drain under way?", then
     * "has the runtime stopped?"), a {@code shutdownNow()} between them made a thread refuse a
     * task it then took from its deque before the drain got there: neither run nor returned.
     *
     * <p>A blocking wait, never a polling loop: virtual threads that poll (even with short timed
     * parks) keep the carriers busy, and a virtual thread queued for a lock the drain needs then
     * waits for a carrier for ever. An interrupt does not end the wait; it is kept for the caller.
     */
    void awaitTakeable() {
        boolean interrupted = false;
        try {
            while (isEmptyingQueues()) {
                try {
                    drainDone.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Nothing is outstanding and threads are leaving: workers and the timer exit when they see it. */
    boolean isTidying() {
        return runState >= TIDYING;
    }

    boolean isTerminated() {
        return runState == TERMINATED;
    }

    /** The state as the snapshot reports it. */
    RuntimeState state() {
        int rs = runState;
        if (rs == TERMINATED) {
            return RuntimeState.TERMINATED;
        }
        if (rs >= SHUTDOWN) {
            return stopRequested ? RuntimeState.STOPPING : RuntimeState.SHUTTING_DOWN;
        }
        return cpu.isPaused() ? RuntimeState.PAUSED : RuntimeState.RUNNING;
    }

    // ---- shutting down -------------------------------------------------------------------

    /** See {@link MoiraiRuntime#shutdown()}. */
    void shutdown() {
        if (advanceTo(SHUTDOWN)) {
            runtime.emit(new RuntimeEvent.ShutdownStarted(Instant.now(), false, runtime.queuedNow(),
                    runtime.activeNow()));
            runtime.liftPause();
        }
        runtime.admission().shutDown(); // after the state change, which the woken submitters read
        // On virtual time a delayed task falls due only if the test advances the clock after
        // shutting down, which close() never does: it would wait for it for ever. So there,
        // delayed tasks are cancelled too, as with ScheduledThreadPoolExecutor's
        // executeExistingDelayedTasksAfterShutdown set to false.
        for (ScheduledTask<?> task : timers.removeUserTasks(!timers.isVirtual())) {
            runtime.cancelUnstarted(task, "runtime shut down");
        }
        // and those already fired into a lane that have not started: they will not run again
        for (ScheduledTask<?> task : timers.firedPeriodicTasks()) {
            runtime.cancelUnstarted(task, "runtime shut down");
        }
        tryTerminate();
    }

    /** See {@link MoiraiRuntime#shutdownNow()}. */
    List<Runnable> shutdownNow() {
        stopRequested = true;
        boolean first = runState < STOP;
        advanceTo(STOP);
        if (first) {
            runtime.emit(new RuntimeEvent.ShutdownStarted(Instant.now(), true, runtime.queuedNow(),
                    runtime.activeNow()));
        }
        runtime.liftPause();
        runtime.admission().shutDown();
        List<Runnable> neverStarted = new ArrayList<>();
        Consumer<RuntimeTask<?>> sink = task -> {
            if (task.tryEndUnstarted()) {
                neverStarted.add(runtime.abandonUnstarted(task));
            }
        };
        try {
            timers.removeUserTasks(false, true).forEach(sink);
            cpu.drain(sink);
            blocking.drain(sink);
        } finally {
            drained = true; // threads that take tasks wait for it
            drainDone.countDown();
        }
        // A blocking task queued after the drain passed its queue, by a submission admitted
        // before STOP, found no taker while the drain was under way (dispatch takes nothing
        // then): take it now, to be refused, unless a lane thread finishing its task does.
        blocking.dispatchWaiting();
        cpu.interruptAll();
        blocking.interruptAll();
        tryTerminate();
        return neverStarted;
    }

    private boolean advanceTo(int target) {
        for (int rs = runState; rs < target; rs = runState) {
            if (RUN_STATE.compareAndSet(this, rs, target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves to TIDYING once shut down and nothing is outstanding; then threads exit and the last
     * one terminates. One volatile read while the runtime runs, so any thread that may have
     * ended the last task calls it freely.
     */
    void tryTerminate() {
        for (int rs = runState; rs == SHUTDOWN || rs == STOP; rs = runState) {
            if (!tally.quiescent()) {
                return;
            }
            if (RUN_STATE.compareAndSet(this, rs, TIDYING)) {
                timers.stop();
                cpu.wakeAllForExit();
                if (liveThreads.get() == 0) {
                    finishTermination();
                }
                return;
            }
        }
    }

    // ---- threads -------------------------------------------------------------------------

    /** A runtime thread is about to start; called before {@code Thread.start()}. */
    void threadStarted() {
        liveThreads.incrementAndGet();
    }

    /** The calling runtime thread is about to end: nothing of the runtime's runs on it after this. */
    void threadExited() {
        if (exitingThreads.size() > 64) {
            exitingThreads.removeIf(thread -> !thread.isAlive());
        }
        exitingThreads.add(Thread.currentThread());
        threadExitedRecorded();
    }

    /**
     * {@link #threadExited()} for a thread that recorded itself where {@link #awaitTermination}
     * looks too (the blocking lane's exited runners), which costs it less than the shared set.
     */
    void threadExitedRecorded() {
        if (liveThreads.decrementAndGet() == 0 && runState == TIDYING) {
            finishTermination();
        }
    }

    private void finishTermination() {
        if (!RUN_STATE.compareAndSet(this, TIDYING, TERMINATED)) {
            return;
        }
        lock.lock();
        try {
            terminated.signalAll();
        } finally {
            lock.unlock();
        }
        runtime.emit(new RuntimeEvent.Stopped(Instant.now(), tally.sum(Tally.COMPLETED), tally.sum(Tally.FAILED),
                tally.sum(Tally.CANCELLED), tally.sum(Tally.REJECTED), tally.sum(Tally.NEVER_STARTED)));
    }

    // ---- waiting -------------------------------------------------------------------------

    /** See {@link MoiraiRuntime#awaitTermination}: true once terminated and every thread has exited. */
    boolean awaitTermination(long nanos) throws InterruptedException {
        // Counts the remaining nanoseconds down (as ThreadPoolExecutor does): a deadline computed
        // as now + timeout would overflow for timeouts near Long.MIN_VALUE or Long.MAX_VALUE.
        // The lock is held only for moments (signalAll); taken uninterruptibly, so a terminated
        // runtime answers true and a zero timeout false whatever the caller's interrupt status,
        // as ThreadPoolExecutor and ForkJoinPool do. awaitNanos throws for an actual wait.
        long start = System.nanoTime();
        lock.lock();
        try {
            for (long remaining = nanos; runState != TERMINATED; ) {
                if (remaining <= 0L) {
                    return false;
                }
                remaining = terminated.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
        List<Thread> exiting = new ArrayList<>(blocking.exitedThreads()); // the lane records its own
        exiting.addAll(exitingThreads);
        for (Thread thread : exiting) {
            long remaining = nanos - (System.nanoTime() - start);
            if (remaining > 0L && thread != Thread.currentThread()) {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            }
            if (!thread.isAlive()) {
                exitingThreads.remove(thread);
            }
        }
        return exiting.stream().noneMatch(t -> t.isAlive() && t != Thread.currentThread());
    }
}
