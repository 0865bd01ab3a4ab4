package io.moirai.runtime;

import java.util.concurrent.TimeUnit;

/**
 * Fails a task at its deadline if it has not started by then, so a caller waiting on the handle
 * learns it at the deadline rather than when a worker would have reached the task. A task that
 * starts first makes this a no-op when it fires.
 */
final class DeadlineWatch extends InternalTimer {

    private final RuntimeTask<?> task;

    DeadlineWatch(RuntimeTask<?> task, long sequence) {
        super(task.deadlineNanos, sequence);
        this.task = task;
    }

    @Override
    public void fire() {
        if (task.tryEndUnstarted()) {
            long late = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - task.deadlineNanos);
            task.runtime.endUnstarted(task, TaskOutcome.CANCELLED, new DeadlineExceededException(
                    "task '" + task.displayName() + "' did not start by its deadline (checked " + late + " ms after it)"));
        }
    }
}
