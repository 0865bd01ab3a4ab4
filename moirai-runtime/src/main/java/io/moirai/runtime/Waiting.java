package io.moirai.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for a {@link RuntimeStage}: {@code join()}, {@code get()} and
 * {@code get(timeout)} of every handle and derived stage come here.
 */
final class Waiting {

    /*
     * Design notes.
     *
     * The problem. A CPU worker that waits idles one of the lane's few threads, and at low
     * parallelism that can stall the lane for good (a task waiting for a task queued behind
     * it). The classic answer, "run queued work while you wait", is only safe for some work: a
     * task run on the waiter's stack cannot return before that task ends, so an unrelated task
     * that blocks (on a latch the waiter would open, on I/O, on a long computation) traps the
     * waiter far past its timeout, nests without bound (stack overflow) and catches interrupts
     * meant for the waiter. ForkJoinPool answers with tryRemoveAndExec (run the awaited task if
     * it is still queued), helpJoin (run tasks stolen from the awaited task's subtree) and
     * tryCompensate (otherwise block and let a spare thread keep the parallelism); Tokio's
     * block_in_place hands the worker's queue to a new thread; Rayon's join runs only its own
     * subtree. The rules below are those, adapted.
     *
     * What a waiting worker may run (only when the wait is untimed, the awaited stage is a
     * CPU-lane task of the worker's own runtime, the runtime is not paused, and the worker is
     * helping fewer than MAX_HELP_DEPTH levels deep):
     *   1. the awaited task itself, if it has not started (claimed through its run state, so it
     *      may sit anywhere in any CPU queue; a claimed entry left in a queue is skipped later);
     *   2. a task that has not started and descends from the awaited task (spawned while it, or a
     *      descendant still running, ran: RuntimeTask.parent), found by scanning the top of every
     *      worker's deque, the awaited task's runner's first.
     * Nothing else: not the worker's own older queued tasks, not the injection queue, not other
     * workers' unrelated tasks. The awaited task depends on its subtree, so running it advances
     * the wait; anything else could trap it.
     *
     * What it does otherwise: it parks on the stage (one WaitNode, removed when the wait ends)
     * and asks its lane for compensation (CpuLane.beginCompensatedWait: a spare worker keeps the
     * lane's parallelism while this one is parked, at most MAX_SPARES at once, parked again for
     * reuse afterwards). A helping wait first polls for helpable work for COMPENSATE_AFTER_NANOS
     * (a fork/join subtree usually finishes or offers work within microseconds, and a spare is
     * not worth waking for that); a wait that cannot help (timed, a blocking-lane handle, a
     * derived stage, another runtime's task) asks at once.
     *
     * Why the depth bound: every helping level stacks the helped task's frames on the waiter's
     * stack. MAX_HELP_DEPTH = 32 levels, each typically a few hundred bytes of runtime frames
     * plus the user's own, stays far below a 512 KiB-1 MiB platform stack while covering
     * divide-and-conquer over 2^32 elements; at the bound the worker waits with compensation.
     *
     * Blocking-lane threads. A blocking task holds a permit while it waits; when every permit is
     * held by a task waiting for a blocking task queued behind the permits, nothing would ever
     * start it. So a lane thread whose untimed wait awaits a blocking task of its own runtime
     * that is still queued for a permit claims it (its start CAS decides against the lane
     * thread that would poll it; the queue entry is then skipped as a cancelled one is) and runs
     * it nested, on the waiting task's permit (InlineRun.helpWith): the bound holds, since the
     * waiting task runs nothing meanwhile. The worker's rules apply: not paused, not while
     * shutdownNow() drains, MAX_HELP_DEPTH. Where it may not run the task yet (paused,
     * draining) the waiter looks again every BLOCKING_POLL_NANOS, as a resume wakes no waiter.
     *
     * Timed waits never help: a helped task could run past the timeout. They park until the
     * timeout or the completion, so they return within the timeout plus the time the thread
     * takes to be scheduled again.
     *
     * Shutdown: shutdownNow() hands never-started tasks back to its caller without ending
     * them. A thread of the runtime that waits for one of those would wait for ever (nothing of
     * the runtime will run it), so such a wait ends with CancellationException; shutdownNow()
     * interrupts every running task, which wakes the waiter to see it. Threads that are not
     * the runtime's keep waiting: the caller of shutdownNow() may still run the task.
     *
     * Interrupts: join() is not interruptible (the status is restored when it returns); get()
     * throws InterruptedException. A worker that runs a helped task inside a waiting task's
     * frame suspends cancel(true)'s access to its thread for the duration (see
     * RuntimeTask.suspendInterrupts), so the interrupt reaches the task it was meant for.
     */

    /** Most helped tasks nested on one worker's stack. */
    static final int MAX_HELP_DEPTH = 32;
    /** Rounds a worker looks for work to help (or spins) before it parks. */
    private static final int SPIN_ROUNDS = 64;
    /** How long a helping wait polls for work before it asks for a spare worker. */
    private static final long COMPENSATE_AFTER_NANOS = 200_000L;
    private static final long MIN_POLL_NANOS = 1_000L;
    /** A helping wait re-scans for work at least this often: pushes do not wake waiters. */
    private static final long MAX_POLL_NANOS = 100_000L;
    /** How often a blocking-lane waiter looks again at an awaited task it may not run yet. */
    private static final long BLOCKING_POLL_NANOS = 1_000_000L;

    private Waiting() {
    }

    /**
     * Waits until {@code stage} is done.
     *
     * @param interruptible whether an interrupt ends the wait ({@code get}) or is kept for later ({@code join})
     * @param timed         whether {@code nanos} bounds the wait
     * @param nanos         the bound; any value not above zero means "do not wait"
     * @throws InterruptedException  if interruptible and interrupted
     * @throws TimeoutException      if timed and the bound passed first
     * @throws CancellationException if the current thread belongs to the runtime and the awaited
     *                               task was handed back by {@code shutdownNow()}
     */
    static void await(RuntimeStage<?> stage, boolean interruptible, boolean timed, long nanos)
            throws InterruptedException, TimeoutException {
        if (stage.isDone()) {
            return;
        }
        if (timed && nanos <= 0L) {
            if (interruptible && Thread.interrupted()) {
                throw new InterruptedException(); // as FutureTask and CompletableFuture: a pending interrupt comes first
            }
            throw new TimeoutException();
        }
        long start = timed ? System.nanoTime() : 0L;
        Thread me = Thread.currentThread();
        Worker worker = me instanceof WorkerThread thread ? thread.worker() : null;
        RuntimeTask<?> task = stage instanceof RuntimeTask<?> t ? t : null;
        boolean ownRuntime = task != null
                && (worker != null ? worker.runtime == task.runtime : MoiraiRuntime.CURRENT.isBound() && MoiraiRuntime.CURRENT.get() == task.runtime);
        boolean helping = worker != null && !timed && ownRuntime && task.lane() == Lane.CPU
                && !(task instanceof ScheduledTask<?>) && worker.helpDepth() < MAX_HELP_DEPTH;
        InlineRun lender = worker == null && !timed && ownRuntime && task.lane() == Lane.BLOCKING
                && !(task instanceof ScheduledTask<?>) ? InlineRun.permitHolder(task.runtime) : null;
        RuntimeStage.WaitNode node = null;
        boolean compensated = false;
        boolean interrupted = false;
        int rounds = 0;
        long parkedSince = 0L;
        long poll = MIN_POLL_NANOS;
        try {
            for (;;) {
                if (stage.isDone()) {
                    return;
                }
                if (ownRuntime && task.abandoned) {
                    throw new CancellationException("task '" + task.displayName()
                            + "' was handed back by shutdownNow() and will not run on this runtime");
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    interrupted = true;
                }
                long remaining = Long.MAX_VALUE;
                if (timed && (remaining = nanos - (System.nanoTime() - start)) <= 0L) {
                    throw new TimeoutException();
                }
                if (helping && worker.helpWith(task)) {
                    rounds = 0;
                    poll = MIN_POLL_NANOS;
                    continue;
                }
                int lent = lender != null ? lender.helpWith(task) : InlineRun.NEVER;
                if (lent == InlineRun.HELPED) {
                    continue;
                }
                if (worker != null && rounds < SPIN_ROUNDS) {
                    rounds++;
                    Thread.onSpinWait();
                    continue;
                }
                if (node == null) {
                    node = new RuntimeStage.WaitNode(me);
                    parkedSince = System.nanoTime();
                    stage.addWaiter(node);
                    continue; // look again before parking: the stage may have completed meanwhile
                }
                if (worker != null && !compensated
                        && (!helping || System.nanoTime() - parkedSince >= COMPENSATE_AFTER_NANOS)) {
                    worker.lane.beginCompensatedWait();
                    compensated = true;
                    continue; // the lane's lock may have parked this thread and used up the wake-up's permit
                }
                if (worker != null) {
                    worker.waiting = true; // the blocking detector leaves a parked waiter alone
                }
                if (helping) {
                    LockSupport.parkNanos(stage, Math.min(poll, remaining));
                    poll = Math.min(poll << 1, MAX_POLL_NANOS);
                } else if (timed) {
                    LockSupport.parkNanos(stage, remaining);
                } else if (lent == InlineRun.NOT_YET) {
                    LockSupport.parkNanos(stage, BLOCKING_POLL_NANOS); // a resume or a drain's end does not wake waiters
                } else if (lender != null && lent == InlineRun.NEVER && task.isNew()) {
                    LockSupport.parkNanos(stage, BLOCKING_POLL_NANOS); // between a lane thread's poll and its start, or queued too deep
                } else {
                    LockSupport.park(stage);
                }
                if (worker != null) {
                    worker.waiting = false;
                }
            }
        } finally {
            if (node != null) {
                stage.removeWaiter(node);
            }
            if (compensated) {
                worker.lane.endCompensatedWait();
            }
            if (interrupted) {
                me.interrupt();
            }
        }
    }
}
