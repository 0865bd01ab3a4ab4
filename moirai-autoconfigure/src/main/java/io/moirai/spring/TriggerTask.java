package io.moirai.spring;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.support.SimpleTriggerContext;

/**
 * A task run by a {@link Trigger} (a cron expression, usually): one one-shot timer of the
 * runtime at a time, the next one set when a run ends, from the trigger's answer for the
 * updated context. The future it presents stands for the whole series: cancelling it cancels
 * the pending timer and stops the series.
 *
 * <p>All state changes happen under {@code lock}: a run ending and a cancel may race, and the
 * series must stop either way.
 */
final class TriggerTask implements ScheduledFuture<Object>, Runnable {

    private final MoiraiRuntime runtime;
    private final Runnable task;
    private final Trigger trigger;
    private final Clock clock;
    private final SimpleTriggerContext context;
    private final Consumer<TriggerTask> onEnd;
    private final Object lock = new Object();

    private @Nullable ScheduledFuture<?> current;
    private @Nullable Instant scheduledAt;
    /** No further run is scheduled: cancelled, or the runtime shut down. */
    private boolean stopped;

    TriggerTask(MoiraiRuntime runtime, Runnable task, Trigger trigger, Clock clock, Consumer<TriggerTask> onEnd) {
        this.runtime = runtime;
        this.task = task;
        this.trigger = trigger;
        this.clock = clock;
        this.context = new SimpleTriggerContext(clock);
        this.onEnd = onEnd;
    }

    /**
     * Sets the first timer.
     *
     * @return this, or {@code null} if the trigger never fires
     * @throws RejectedExecutionException if the runtime is shut down
     */
    @Nullable TriggerTask start() {
        synchronized (this.lock) {
            return scheduleNext() ? this : null;
        }
    }

    private boolean scheduleNext() {
        Instant next = this.trigger.nextExecution(this.context);
        if (next == null) {
            return false;
        }
        this.scheduledAt = next;
        // saturated, as the runtime saturates delays: a trigger may answer an instant centuries away
        long delay = TimeUnit.NANOSECONDS.convert(Duration.between(this.clock.instant(), next));
        this.current = this.runtime.schedule(this, delay, TimeUnit.NANOSECONDS);
        return true;
    }

    /**
     * One run, then the next timer. Once the runtime is shut down the series ends ("execution
     * will end once the scheduler shuts down", {@code TaskScheduler} says): the runtime keeps
     * one-shot timers due later, as {@code ScheduledThreadPoolExecutor} does, and accepts new
     * ones from its own threads so that work in progress can finish, so a series that went on
     * rescheduling itself from its runs would keep the runtime from ever terminating. A run due
     * after the shutdown is skipped for the same reason.
     */
    @Override
    public void run() {
        if (this.runtime.isShutdown()) {
            end();
            return;
        }
        Instant actual = this.clock.instant();
        boolean returned = false;
        try {
            this.task.run();
            returned = true;
        } finally {
            if (!returned) {
                // an ErrorHandler rethrew: the series ends with this run's future failed, as
                // Spring's own trigger tasks end, and must not stay in the scheduler's pending set
                end();
            }
        }
        Instant completion = this.clock.instant();
        boolean ended;
        synchronized (this.lock) {
            this.context.update(this.scheduledAt, actual, completion);
            ended = this.stopped || this.runtime.isShutdown() || !rescheduled();
            this.stopped = ended;
        }
        if (ended) {
            this.onEnd.accept(this);
        }
    }

    private void end() {
        synchronized (this.lock) {
            this.stopped = true;
        }
        this.onEnd.accept(this);
    }

    private boolean rescheduled() {
        try {
            return scheduleNext();
        } catch (RejectedExecutionException ex) {
            return false; // the runtime is shutting down: the series ends here, as periodic tasks do
        }
    }

    /**
     * Cancels the pending run, or the one running, and ends the series. Returns what the run's
     * own future answered: {@code false} once the series has ended by itself, as Spring's
     * trigger futures do.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean result;
        synchronized (this.lock) {
            this.stopped = true;
            result = this.current != null && this.current.cancel(mayInterruptIfRunning);
        }
        this.onEnd.accept(this);
        return result;
    }

    /** Whether a cancel stopped a run before it completed (the current run's future says so). */
    @Override
    public boolean isCancelled() {
        synchronized (this.lock) {
            return this.current != null && this.current.isCancelled();
        }
    }

    @Override
    public boolean isDone() {
        synchronized (this.lock) {
            return this.current == null || this.current.isDone();
        }
    }

    @Override
    public Object get() throws InterruptedException, ExecutionException {
        return currentFuture().get();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return currentFuture().get(timeout, unit);
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return currentFuture().getDelay(unit);
    }

    @Override
    public int compareTo(Delayed other) {
        if (this == other) {
            return 0;
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    private ScheduledFuture<?> currentFuture() {
        synchronized (this.lock) {
            if (this.current == null) {
                throw new IllegalStateException("the trigger never fired");
            }
            return this.current;
        }
    }

    @Override
    public String toString() {
        return "TriggerTask[" + this.trigger + "]";
    }
}
