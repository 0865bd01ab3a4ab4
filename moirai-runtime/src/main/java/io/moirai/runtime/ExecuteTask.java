package io.moirai.runtime;

/**
 * A fire-and-forget task from {@code execute}: nobody holds its handle, so a failure goes to the
 * runtime's uncaught-exception handler (as it would kill a {@code ThreadPoolExecutor} worker and
 * reach its thread's handler), and {@code shutdownNow} hands back the caller's own
 * {@code Runnable}. Since nobody can cancel it, it ends without a CAS, and one submitted from
 * outside the runtime's workers also starts without one (see {@code RuntimeTask.runnerOnly}),
 * unless it has a deadline, whose timer may end it unstarted.
 */
final class ExecuteTask extends RuntimeTask<Void> {

    private final Runnable command;

    ExecuteTask(MoiraiRuntime runtime, TaskOptions options, Runnable command) {
        // A deadline's timer may end the task before it starts: then starting needs its CAS.
        super(runtime, options, options.deadline() == null);
        this.command = command;
    }

    Runnable command() {
        return command;
    }

    @Override
    Void compute() {
        command.run();
        return null;
    }

    /** Nobody holds this handle, so completing it would be wasted work on the hot path. */
    @Override
    void publish(Void value, Throwable failure) {
    }

    @Override
    void afterRun(TaskOutcome outcome, Throwable failure) {
        if (failure != null && outcome == TaskOutcome.FAILED) {
            runtime.reportUncaught(failure);
        }
    }

    @Override
    Runnable asQueuedRunnable() {
        return command;
    }

    @Override
    String displayName() {
        return workName(command);
    }
}
