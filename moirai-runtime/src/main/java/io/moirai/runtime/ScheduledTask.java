package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A delayed or periodic task. It waits in the {@link TimerQueue}; when due, the timer hands it to
 * its lane, where it runs like any task. A periodic task goes back to {@code NEW} after each
 * normal run and re-enters the timer; it ends (and is counted) only when a run throws, when it is
 * cancelled, or when the runtime shuts down.
 *
 * <p>Period sign follows {@code ScheduledThreadPoolExecutor}: positive is fixed rate (the next
 * run is due one period after the previous one was due), negative is fixed delay (one period
 * after the previous run ended), zero is one-shot.
 */
final class ScheduledTask<T> extends RuntimeTask<T> implements ScheduledTaskHandle<T>, TimerEntry {

    private static final VarHandle FIRED_RUN;

    static {
        try {
            FIRED_RUN = MethodHandles.lookup().findVarHandle(ScheduledTask.class, "firedRun", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Callable<T> callable;
    private final long periodNanos;
    /**
     * Virtual time only: this firing is counted in the timer's in-flight tasks until whoever
     * ends it (its run, or an end before it started) claims the flag. Claimed by CAS because a
     * run and a cancellation may both reach for it.
     */
    @SuppressWarnings("unused") // through FIRED_RUN
    private volatile boolean firedRun;
    private final long sequence;
    private volatile long triggerNanos;
    private int heapIndex = -1;

    ScheduledTask(MoiraiRuntime runtime, TaskOptions options, Callable<T> callable,
                  long triggerNanos, long periodNanos, long sequence) {
        super(runtime, options);
        this.callable = callable;
        this.triggerNanos = triggerNanos;
        this.periodNanos = periodNanos;
        this.sequence = sequence;
    }

    @Override
    T compute() throws Exception {
        return callable.call();
    }

    @Override
    public boolean isPeriodic() {
        return periodNanos != 0L;
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(triggerNanos - runtime.timers().nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        if (other == this) {
            return 0;
        }
        if (other instanceof ScheduledTask<?> task) {
            long diff = triggerNanos - task.triggerNanos;
            if (diff != 0L) {
                return diff < 0L ? -1 : 1;
            }
            return Long.compare(sequence, task.sequence);
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public long triggerNanos() {
        return triggerNanos;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public int heapIndex() {
        return heapIndex;
    }

    @Override
    public void heapIndex(int index) {
        heapIndex = index;
    }

    @Override
    public boolean isUserTask() {
        return true;
    }

    @Override
    public void fire() {
        TimerQueue timers = runtime.timers();
        boolean periodic = isPeriodic();
        if (periodic) {
            timers.periodicFired(this); // before it is queued: shutdown() looks for it there
        }
        if (!timers.isVirtual()) {
            if (!runtime.admission().dispatchFired(this)) {
                leftLane(); // ended after the timer took it: its ender's leftLane() came before periodicFired
            }
        } else {
            // counted before it can run, so a virtual clock never sees the timer settled while it is queued
            timers.inFlightBegan();
            firedRun = true;
            if (!runtime.admission().dispatchFired(this)) {
                leftLane(); // as above
                if (claimFiredRun()) {
                    timers.inFlightEnded(); // it ended before it could be handed on
                }
            }
        }
        if (periodic) {
            // Either this read sees the shutdown, or shutdown()'s look at the fired periodic tasks,
            // made after its move out of RUNNING, sees this task (added above; a fence on each side).
            // After shutdownNow() the task is left where it is: the drain hands it back unstarted.
            VarHandle.fullFence();
            int rs = runtime.termination().runState();
            if (rs >= Termination.SHUTDOWN && rs < Termination.STOP && tryEndUnstarted()) {
                // on the relay: this is the timer thread, and the handle's dependents are user code
                runtime.endUnstartedOnRelay(this, TaskOutcome.CANCELLED, new CancellationException("runtime shut down"));
            }
        }
    }

    /**
     * A caller that holds this task as a {@code Runnable} (by a cast: the handle does not offer
     * {@code run()}) runs a periodic task only if it takes it out of the timer first, so that the
     * run's re-arming puts back the one entry it took: run while waiting, it used to enter the
     * timer a second time on each call, and its schedule drifted. One that is not waiting there
     * (handed to its lane, or running) is left to its lane. A task handed back by
     * {@code shutdownNow()} runs once, as every task in that list does, and its handle then ends
     * cancelled (see {@code MoiraiRuntime.runAbandoned}).
     */
    @Override
    void runByCaller() {
        if (isPeriodic() && !abandoned && !runtime.timers().remove(this)) {
            return;
        }
        super.runByCaller();
    }

    /** Taken from its lane (to run, or as a dead entry) or ended: no longer a fired periodic task waiting to start. */
    void leftLane() {
        if (isPeriodic()) {
            runtime.timers().periodicLeftLane(this);
        }
    }

    /**
     * Virtual time: takes this firing's place in the timer's in-flight count, once; the caller
     * ends it with {@link TimerQueue#inFlightEnded()} after the run or the end it stands for.
     */
    boolean claimFiredRun() {
        return firedRun && FIRED_RUN.compareAndSet(this, true, false);
    }

    /** The next trigger time after a normal run: a fixed rate from the last trigger, a fixed delay from now. */
    void advance() {
        triggerNanos = periodNanos > 0L ? triggerNanos + periodNanos : runtime.timers().nanoTime() - periodNanos;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            runtime.timers().remove(this);
            leftLane();
        }
        return cancelled;
    }

    /** Completed from outside before it ran: out of the timer, as after a cancel. */
    @Override
    void endedFromOutside() {
        runtime.timers().remove(this);
        leftLane();
    }

    @Override
    String displayName() {
        return workName(callable);
    }
}
