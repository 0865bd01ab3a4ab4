package io.moirai.runtime;

import java.time.Instant;

/**
 * The time the runtime's timer reads: when delayed and periodic tasks fall due and when task
 * deadlines pass. The default, {@link #system()}, is the machine's time
 * ({@code System.nanoTime()} and {@code Instant.now()}); a test passes a virtual clock (such as
 * {@code io.moirai.test.VirtualClock}) to {@link MoiraiRuntime.Builder#timeSource(TimeSource)} and
 * moves time by hand.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * try (MoiraiRuntime runtime = MoiraiRuntime.builder().timeSource(clock).build()) {
 *     runtime.schedule(() -> send(), 5, TimeUnit.MINUTES);
 *     clock.advance(Duration.ofMinutes(5)); // send() has run when this returns
 * }
 * }</pre>
 *
 * <p>Only the timer's domain follows the source: schedules, fixed rates and delays, deadlines.
 * Timed waits on handles, {@code awaitTermination}, the listener's timings and event timestamps
 * measure real time whatever the source, because they bound how long real threads wait.
 *
 * <p>A source whose time moves by itself needs only {@link #nanoTime()} and {@link #instant()}. A
 * {@linkplain #isVirtual() virtual} one, whose time moves only when it is told to, is
 * {@linkplain #attach(TimerControl) given each runtime's timer} so that it can wake it after a
 * move and learn when the tasks that fell due have run. A source that is also a
 * {@link java.time.Clock} is the clock Moirai's Spring {@code TaskScheduler} reads for its
 * triggers, so cron and the timer never disagree.
 */
public interface TimeSource {

    /**
     * The source's monotonic time in nanoseconds, with the meaning of {@link System#nanoTime()}:
     * only differences between two readings are meaningful, and they never go negative.
     *
     * @return the current time in nanoseconds
     */
    long nanoTime();

    /**
     * The source's wall-clock instant, from which task deadlines given as an {@link Instant} are
     * measured. It moves with {@link #nanoTime()}.
     *
     * @return the current instant
     */
    Instant instant();

    /**
     * Whether time moves only when the source is told to. The timer then never sleeps for a
     * delay: it fires what is due when the source reports a move through
     * {@link TimerControl#timeMoved()}. A runtime on a virtual source runs no blocking detector,
     * whose tick is meant to measure real time. Default false.
     *
     * @return true for a virtual source
     */
    default boolean isVirtual() {
        return false;
    }

    /**
     * Called by each runtime built on a {@linkplain #isVirtual() virtual} source, once, before
     * its timer fires anything; the source keeps the control to drive that timer. Not called for
     * other sources.
     *
     * @param timer the runtime's timer
     */
    default void attach(TimerControl timer) {
    }

    /**
     * Called once when a runtime attached with {@link #attach(TimerControl)} has terminated, so
     * the source stops driving it and does not keep it reachable.
     *
     * @param timer the runtime's timer
     */
    default void detach(TimerControl timer) {
    }

    /**
     * The machine's time: {@link System#nanoTime()} and {@link Instant#now()}. The runtime's
     * default; a runtime built with it reads {@code System.nanoTime()} directly, without a call
     * through this interface.
     *
     * @return the system source
     */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
