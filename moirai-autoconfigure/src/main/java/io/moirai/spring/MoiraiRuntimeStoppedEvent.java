package io.moirai.spring;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ApplicationEvent;

/**
 * Published when the application context closes and the runtime has been stopped (drained or
 * cancelled): what completed and what was abandoned. The audit integration turns it into a
 * {@code MOIRAI_RUNTIME_STOPPED} audit event; an application may listen for it too.
 */
public final class MoiraiRuntimeStoppedEvent extends ApplicationEvent {

    private final ShutdownMode mode;
    private final Duration elapsed;
    private final boolean terminated;
    private final long completedDuringShutdown;
    private final long neverStarted;
    private final long stillRunning;
    private final long completed;
    private final long failed;
    private final long cancelled;
    private final long rejected;

    /**
     * An event for a runtime that has stopped.
     *
     * @param runtime                 the runtime that stopped
     * @param mode                    how it was stopped
     * @param elapsed                 how long stopping took
     * @param terminated              whether every task ended and every thread exited in time
     * @param completedDuringShutdown tasks that completed while it stopped
     * @param neverStarted            accepted tasks that never started
     * @param stillRunning            tasks still running when the wait ended
     * @param completed               tasks completed over the runtime's life
     * @param failed                  tasks failed over the runtime's life
     * @param cancelled               tasks cancelled over the runtime's life
     * @param rejected                submissions rejected over the runtime's life
     */
    public MoiraiRuntimeStoppedEvent(MoiraiRuntime runtime, ShutdownMode mode, Duration elapsed, boolean terminated,
            long completedDuringShutdown, long neverStarted, long stillRunning, long completed, long failed,
            long cancelled, long rejected) {
        super(runtime);
        this.mode = mode;
        this.elapsed = elapsed;
        this.terminated = terminated;
        this.completedDuringShutdown = completedDuringShutdown;
        this.neverStarted = neverStarted;
        this.stillRunning = stillRunning;
        this.completed = completed;
        this.failed = failed;
        this.cancelled = cancelled;
        this.rejected = rejected;
    }

    /**
     * The runtime that stopped.
     *
     * @return the runtime
     */
    public MoiraiRuntime getRuntime() {
        return (MoiraiRuntime) getSource();
    }

    /**
     * How it was stopped.
     *
     * @return {@code DRAIN} or {@code CANCEL}
     */
    public ShutdownMode getMode() {
        return this.mode;
    }

    /**
     * How long stopping took.
     *
     * @return the duration
     */
    public Duration getElapsed() {
        return this.elapsed;
    }

    /**
     * Whether every task ended and every thread exited in time.
     *
     * @return {@code true} if terminated
     */
    public boolean isTerminated() {
        return this.terminated;
    }

    /**
     * Tasks that completed between the start of the shutdown and its end.
     *
     * @return the count
     */
    public long getCompletedDuringShutdown() {
        return this.completedDuringShutdown;
    }

    /**
     * Accepted tasks that never started: handed back unstarted and dropped.
     *
     * @return the count
     */
    public long getNeverStarted() {
        return this.neverStarted;
    }

    /**
     * Tasks still running when the wait ended (only if the runtime did not terminate).
     *
     * @return the count
     */
    public long getStillRunning() {
        return this.stillRunning;
    }

    /**
     * Tasks abandoned: never started plus still running at the end.
     *
     * @return the count
     */
    public long getAbandoned() {
        return this.neverStarted + this.stillRunning;
    }

    /**
     * Tasks that completed over the runtime's life.
     *
     * @return the count
     */
    public long getCompleted() {
        return this.completed;
    }

    /**
     * Tasks that failed over the runtime's life.
     *
     * @return the count
     */
    public long getFailed() {
        return this.failed;
    }

    /**
     * Tasks cancelled over the runtime's life, those interrupted by a cancelling shutdown included.
     *
     * @return the count
     */
    public long getCancelled() {
        return this.cancelled;
    }

    /**
     * Submissions rejected over the runtime's life.
     *
     * @return the count
     */
    public long getRejected() {
        return this.rejected;
    }

    /**
     * The figures as an ordered map, as they appear in logs and audit events.
     *
     * @return the figures, keyed by name
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("mode", this.mode.name().toLowerCase(Locale.ROOT));
        map.put("terminated", this.terminated);
        map.put("elapsedMillis", this.elapsed.toMillis());
        map.put("completedDuringShutdown", this.completedDuringShutdown);
        map.put("abandoned", getAbandoned());
        map.put("neverStarted", this.neverStarted);
        map.put("stillRunning", this.stillRunning);
        map.put("completed", this.completed);
        map.put("failed", this.failed);
        map.put("cancelled", this.cancelled);
        map.put("rejected", this.rejected);
        return map;
    }
}
