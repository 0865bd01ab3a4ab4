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
     * Runs {@code task} on the calling thread, which {@code runtime} counts as its own meanwhile,
     * inside whatever task the thread runs now.
     */
    static void run(MoiraiRuntime runtime, RuntimeTask<?> task) {
        InlineRun here = HERE.isBound() ? HERE.get() : null;
        RuntimeTask<?> outer = here != null ? here.current : null;
        if (outer == null) {
            InlineRun fresh = new InlineRun();
            fresh.current = task;
            ScopedValue.where(MoiraiRuntime.CURRENT, runtime).where(HERE, fresh).run(() -> runtime.runTask(task));
            return;
        }
        outer.hideRunnerFenced();
        if (outer.interruptRequested()) {
            outer.awaitInterruptDelivered();
            Thread.interrupted(); // the outer task's: delivered again below
        }
        here.current = task;
        try {
            ScopedValue.where(MoiraiRuntime.CURRENT, runtime).run(() -> runtime.runTask(task));
        } finally {
            here.current = outer;
            outer.showRunner(true);
            if (outer.interruptRequested()) {
                outer.awaitInterruptDelivered();
                Thread.currentThread().interrupt();
            }
        }
    }
}
