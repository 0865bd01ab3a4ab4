package io.moirai.runtime;

/**
 * The task a thread that is not a CPU worker runs now (a blocking-lane virtual thread, or a
 * submitter running a task itself under {@code CALLER_RUNS}), and how such a thread runs another
 * task inline inside it.
 *
 * <p>Why: a {@code cancel(true)} of the outer task interrupts the thread it sees running it. While
 * an inner task runs inline on that thread, the interrupt would land in the inner task, which
 * nobody cancelled. So the outer task's runner is hidden for the duration, as a worker does in
 * its frames ({@link Worker#runInline}); here with fenced stores, as these runs are rare and no
 * CAS of the inner task can be borrowed as the fence:
 * <pre>
 *   hide:  runner = null (volatile) ... read the outer task's state
 *   canceller: CAS on the state (a full fence) ... read runner
 * </pre>
 * Either the canceller sees the runner hidden and leaves the interrupt to this thread, or this
 * thread sees the cancellation, waits until the canceller has interrupted it, and clears the
 * interrupt before the inner task starts. Either way the interrupt is delivered again once the
 * inner task is done and the outer task's frame is current.
 */
class InlineRun {

    /** Bound on each such thread to the record of the task it runs. */
    static final ScopedValue<InlineRun> HERE = ScopedValue.newInstance();

    /** The task running on this thread now; written and read by the thread itself only. */
    RuntimeTask<?> current;

    /**
     * The thread this record belongs to, set by that thread before it binds {@link #HERE}. A
     * thread that inherits the binding ({@code StructuredTaskScope.fork} copies the forking
     * thread's scoped values) finds another thread's record there: it runs none of that thread's
     * tasks and holds none of its permits, so it must neither use nor change the record.
     */
    Thread owner;

    /** This thread's record, or null where {@link #HERE} is unbound or was inherited from another thread. */
    private static InlineRun ofThisThread() {
        InlineRun here = HERE.isBound() ? HERE.get() : null;
        return here != null && here.owner == Thread.currentThread() ? here : null;
    }

    /** Awaited tasks this thread runs nested in the task it waits in ({@link #helpWith}); owner only. */
    private int helpDepth;

    /** {@link #helpWith}: the awaited task ran here. */
    static final int HELPED = 0;
    /** {@link #helpWith}: not now, but the task has not started and may be helped later (paused, draining). */
    static final int NOT_YET = 1;
    /** {@link #helpWith}: the task started, ended or is not this thread's to run: wait for it. */
    static final int NEVER = 2;

    /**
     * Whether this thread runs {@code owner}'s tasks on one of its blocking lane's permits: only
     * a blocking-lane thread does; a submitter running a task itself ({@code CALLER_RUNS}) holds
     * none, and neither does a lane thread of another runtime.
     */
    boolean holdsPermitOf(MoiraiRuntime owner) {
        return false;
    }

    /**
     * The record of the blocking-lane thread of {@code owner} that calls this, running a task;
     * null on any other thread.
     */
    static InlineRun permitHolder(MoiraiRuntime owner) {
        InlineRun here = ofThisThread();
        return here != null && here.current != null && here.holdsPermitOf(owner) ? here : null;
    }

    /**
     * One step of a blocking-lane thread's untimed wait for {@code target}, a blocking-lane task
     * of its own runtime (see {@link Waiting}): if the target is still queued for a permit, this
     * thread claims it and runs it nested in the task that waits, on the permit that task holds.
     * The waiting task cannot use its permit meanwhile, so the lane's bound holds; and a lane
     * whose every permit is held by a task waiting for a queued task would otherwise wait for ever.
     */
    int helpWith(RuntimeTask<?> target) {
        MoiraiRuntime runtime = target.runtime;
        RuntimeTask<?> outer = current;
        if (!target.isNew()) {
            return NEVER;
        }
        if (!target.waitingForPermit || target.abandoned || helpDepth >= Waiting.MAX_HELP_DEPTH) {
            // not queued for a permit (being started or ended by another party, or handed back by
            // shutdownNow()), or too deep already: its own thread, or nobody, runs it
            return NEVER;
        }
        // The same rules as a lane thread taking a queued task: nothing while paused, nothing
        // while shutdownNow() drains the queues (it returns what it finds).
        if (runtime.blockingLane().isPaused() || runtime.termination().isEmptyingQueues()) {
            return NOT_YET;
        }
        hideOuter(outer);
        if (!target.tryStartAsWaiter()) {
            showOuter(outer);
            return NEVER;
        }
        current = target;
        helpDepth++;
        runtime.blockingLane().nestedStarted(); // active in the snapshot, not queued
        try {
            runtime.runClaimed(target, null);
        } finally {
            runtime.blockingLane().nestedEnded();
            helpDepth--;
            current = outer;
            Thread.interrupted(); // left behind by the target, or meant for outer and delivered again below
            showOuter(outer);
            if (runtime.termination().isStopping()) {
                Thread.currentThread().interrupt(); // shutdownNow() interrupts every running task, the outer one too
            }
        }
        return HELPED;
    }

    /**
     * Runs {@code task} on the calling thread, which {@code runtime} counts as its own meanwhile,
     * inside whatever task the thread runs now. Inside a task, interrupts stay apart as in
     * {@link #helpWith}: the outer task's (from {@code cancel(true)}, or pending when the run
     * begins) is held back and delivered again afterwards; one the task leaves behind is cleared.
     */
    static void run(MoiraiRuntime runtime, RuntimeTask<?> task) {
        InlineRun here = ofThisThread();
        RuntimeTask<?> outer = here != null ? here.current : null;
        runtime.callerRunStarted(); // active in the snapshot while it runs, as a worker's nested task is
        try {
            if (outer == null) {
                InlineRun fresh = new InlineRun();
                fresh.owner = Thread.currentThread();
                fresh.current = task;
                ScopedValue.where(MoiraiRuntime.CURRENT, runtime).where(HERE, fresh).run(() -> runtime.runTask(task));
                return;
            }
            hideOuter(outer);
            // pending now: the outer task's own, so held back from the task as cancel(true)'s is
            boolean outerInterrupted = Thread.interrupted();
            here.current = task;
            try {
                ScopedValue.where(MoiraiRuntime.CURRENT, runtime).run(() -> runtime.runTask(task));
            } finally {
                here.current = outer;
                Thread.interrupted(); // left behind by the task: not the outer task's
                showOuter(outer);
                if (outerInterrupted || runtime.termination().isStopping()) {
                    Thread.currentThread().interrupt(); // the outer task's; shutdownNow() interrupts it too
                }
            }
        } finally {
            runtime.callerRunEnded();
        }
    }

    /**
     * Before a task runs nested in {@code outer}: hides the outer task's runner (see the class
     * note) and holds back an interrupt a {@code cancel(true)} of it has delivered, so the nested
     * task does not see it.
     */
    private static void hideOuter(RuntimeTask<?> outer) {
        outer.hideRunnerFenced();
        if (outer.interruptRequested()) {
            outer.awaitInterruptDelivered();
            Thread.interrupted(); // the outer task's: delivered again by showOuter
        }
    }

    /** After a nested run (or instead of one): shows the outer task's runner again and delivers an interrupt held back for it. */
    private static void showOuter(RuntimeTask<?> outer) {
        outer.showRunner(true);
        if (outer.interruptRequested()) {
            outer.awaitInterruptDelivered();
            Thread.currentThread().interrupt();
        }
    }
}
