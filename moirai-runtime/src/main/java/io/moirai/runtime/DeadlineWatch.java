package io.moirai.runtime;

import java.util.concurrent.TimeUnit;

/**
 * Fails a task at its deadline if it has not started by then, so a caller waiting on the handle
 * learns it at the deadline rather than when a worker would have reached the task. The task
 * removes its watch from the timer as soon as it starts or ends otherwise (see
 * {@link RuntimeTask.Extras#watch}), so neither stays reachable until a far deadline. The timer thread
 * only claims the task; counting it and completing its handle, which runs the handle's
 * dependents, happen on the runtime's {@link CompletionRelay}.
 */
final class DeadlineWatch extends InternalTimer {

    private final RuntimeTask<?> task;

    DeadlineWatch(RuntimeTask<?> task, long sequence) {
        super(task.extras.deadlineNanos, sequence);
        this.task = task;
    }

    @Override
    public void fire() {
        if (task.tryEndUnstarted()) {
            TimerQueue timers = task.runtime.timers();
            long late = TimeUnit.NANOSECONDS.toMillis(timers.nanoTime() - task.extras.deadlineNanos);
            DeadlineExceededException missed = new DeadlineExceededException(
                    "task '" + task.displayName() + "' did not start by its deadline (checked " + late + " ms after it)");
            task.runtime.endUnstartedOnRelay(task, TaskOutcome.CANCELLED, missed);
        }
    }
}
