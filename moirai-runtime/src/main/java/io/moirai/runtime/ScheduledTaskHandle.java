package io.moirai.runtime;

import java.util.concurrent.ScheduledFuture;

/**
 * The handle of a delayed or periodic task. A periodic task's handle never completes normally:
 * it ends when the task is cancelled, when the runtime shuts down, or exceptionally when a run
 * throws (and then no further run happens).
 *
 * @param <T> the result type
 */
public interface ScheduledTaskHandle<T> extends TaskHandle<T>, ScheduledFuture<T> {

    /**
     * Whether the task runs repeatedly.
     *
     * @return {@code true} for fixed-rate and fixed-delay tasks
     */
    boolean isPeriodic();
}
