package io.moirai.spring;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.support.TaskUtils;
import org.springframework.util.ErrorHandler;

/**
 * Spring's {@link TaskScheduler} on a {@link MoiraiRuntime}'s timer: the auto-configured
 * {@code taskScheduler} behind {@code @Scheduled} (cron, fixed rate, fixed delay). Tasks fire on
 * the runtime's timer thread and run on its CPU lane, where a task that blocks is detected and
 * compensated.
 *
 * <p>As with Spring's own schedulers, a repeating task that throws is logged and keeps its
 * schedule, a one-shot task's failure completes its future, and the application's
 * {@link TaskDecorator} and the caller's context ({@link TaskContextPropagator}) apply to every
 * run.
 *
 * <p>Shutdown: the runtime cancels its pending periodic tasks when it shuts down; trigger-based
 * (cron) and one-shot tasks not yet due are cancelled by {@link #cancelPendingTasks()}, which
 * the runtime's life cycle calls first for every {@code MoiraiTaskScheduler} bean, so that a
 * far-off timer cannot hold the drain open. A trigger-based series also ends by itself once the
 * runtime is shut down: it sets no further timer, and a run that falls due afterwards is
 * skipped. A scheduler made outside the application context should have
 * {@code cancelPendingTasks()} called before its runtime shuts down; otherwise the runtime waits
 * for the next trigger time (or the next one-shot task) before it terminates. Delays and
 * periods longer than the nanosecond range (about 292 years) saturate, as the runtime's do.
 */
public final class MoiraiTaskScheduler implements TaskScheduler {

    private final MoiraiRuntime runtime;
    private final TaskContextPropagator propagator;
    private final @Nullable TaskDecorator decorator;
    private final Clock clock;
    private final Set<ScheduledFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile @Nullable ErrorHandler errorHandler;

    /**
     * A scheduler on the runtime's time: the system clock in its default zone, or the runtime's
     * {@linkplain MoiraiRuntime#timeSource() time source} when that is a {@link Clock} (a test's
     * virtual clock), so triggers and the timer read the same time.
     *
     * @param runtime    the runtime whose timer fires the tasks
     * @param propagator carries the caller's context; {@link TaskContextPropagator#NONE} for none
     * @param decorator  the application's task decorator, or {@code null}
     */
    public MoiraiTaskScheduler(MoiraiRuntime runtime, TaskContextPropagator propagator,
            @Nullable TaskDecorator decorator) {
        this(runtime, propagator, decorator, clockOf(runtime));
    }

    /**
     * A scheduler on a given clock, which triggers read for their next execution time. Delays
     * are measured on the runtime's time source, so the clock must read the same time (as
     * {@link #MoiraiTaskScheduler(MoiraiRuntime, TaskContextPropagator, TaskDecorator)} ensures).
     *
     * @param runtime    the runtime whose timer fires the tasks
     * @param propagator carries the caller's context
     * @param decorator  the application's task decorator, or {@code null}
     * @param clock      the clock
     */
    public MoiraiTaskScheduler(MoiraiRuntime runtime, TaskContextPropagator propagator,
            @Nullable TaskDecorator decorator, Clock clock) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.propagator = Objects.requireNonNull(propagator, "propagator");
        this.decorator = decorator;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Replaces the default handling of task failures (log and carry on for repeating tasks,
     * log and fail the future for one-shot tasks).
     *
     * @param errorHandler the handler
     */
    public void setErrorHandler(ErrorHandler errorHandler) {
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    }

    @Override
    public Clock getClock() {
        return this.clock;
    }

    @Override
    public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        Objects.requireNonNull(trigger, "trigger");
        TriggerTask triggerTask = new TriggerTask(this.runtime, prepare(task, true), trigger, this.clock,
                this.pending::remove);
        // tracked before it starts: a series that ends at once removes itself, and removing first
        // would leave it here for ever
        this.pending.add(triggerTask);
        try {
            TriggerTask started = triggerTask.start();
            if (started == null) {
                this.pending.remove(triggerTask);
            }
            return started;
        } catch (RejectedExecutionException ex) {
            this.pending.remove(triggerTask);
            throw rejected(task, ex);
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        Runnable prepared = prepare(task, false);
        try {
            var handle = this.runtime.schedule(prepared, delayUntil(startTime), TimeUnit.NANOSECONDS);
            this.pending.add(handle);
            handle.whenComplete((result, failure) -> this.pending.remove(handle));
            return handle;
        } catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        Runnable prepared = prepare(task, true);
        try {
            return this.runtime.scheduleAtFixedRate(prepared, delayUntil(startTime), nanos(period),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        Runnable prepared = prepare(task, true);
        try {
            return this.runtime.scheduleAtFixedRate(prepared, 0L, nanos(period), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        Runnable prepared = prepare(task, true);
        try {
            return this.runtime.scheduleWithFixedDelay(prepared, delayUntil(startTime), nanos(delay),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        Runnable prepared = prepare(task, true);
        try {
            return this.runtime.scheduleWithFixedDelay(prepared, 0L, nanos(delay), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException ex) {
            throw rejected(task, ex);
        }
    }

    /**
     * Cancels every trigger-based and one-shot task that has not started yet. Called when the
     * runtime stops, before it drains.
     *
     * @return how many were cancelled
     */
    public int cancelPendingTasks() {
        int cancelled = 0;
        for (ScheduledFuture<?> future : this.pending) {
            if (future.cancel(false)) {
                cancelled++;
            }
            this.pending.remove(future);
        }
        return cancelled;
    }

    /** Spring's error handling innermost, then the decorator, then the caller's context outermost. */
    private Runnable prepare(Runnable task, boolean repeating) {
        Objects.requireNonNull(task, "task");
        Runnable guarded = TaskUtils.decorateTaskWithErrorHandler(task, this.errorHandler, repeating);
        Runnable decorated = (this.decorator != null) ? this.decorator.decorate(guarded) : guarded;
        return this.propagator.wrap(decorated);
    }

    /**
     * The scheduler turns instants into timer delays, so it must read the time the timer reads.
     * A time source that is not a {@code Clock} (none ships with Moirai) falls back to the
     * system clock, which is right for any source that follows real time.
     */
    private static Clock clockOf(MoiraiRuntime runtime) {
        Objects.requireNonNull(runtime, "runtime");
        return (runtime.timeSource() instanceof Clock clock) ? clock : Clock.systemDefaultZone();
    }

    private long delayUntil(Instant startTime) {
        Objects.requireNonNull(startTime, "startTime");
        return nanos(Duration.between(this.clock.instant(), startTime));
    }

    /**
     * A duration in nanoseconds, saturated at {@code Long.MAX_VALUE} (and {@code MIN_VALUE}), as
     * the runtime and Spring's own schedulers treat delays and periods beyond 292 years:
     * {@code @Scheduled(fixedDelay = Long.MAX_VALUE)}, the idiom for "once, after start-up",
     * must not stop the application from starting with an {@code ArithmeticException}.
     */
    private static long nanos(Duration duration) {
        return TimeUnit.NANOSECONDS.convert(Objects.requireNonNull(duration, "duration"));
    }

    private static TaskRejectedException rejected(Runnable task, RejectedExecutionException ex) {
        return new TaskRejectedException("Moirai's timer did not accept task " + task + ": " + ex.getMessage(), ex);
    }

    @Override
    public String toString() {
        return "MoiraiTaskScheduler[runtime=" + this.runtime + "]";
    }
}
