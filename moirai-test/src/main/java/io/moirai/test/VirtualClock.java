package io.moirai.test;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TimeSource;
import io.moirai.runtime.TimerControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock whose time moves only when a test says so, driving the timer of every
 * {@link MoiraiRuntime} built on it: delayed and periodic tasks and task deadlines fall due when
 * the test {@linkplain #advance(Duration) advances} the clock, not when real time passes. It is
 * a {@link Clock}, so code that reads time from an injected clock (and Spring's
 * {@code TaskScheduler}, for cron triggers) sees the same virtual time.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * try (MoiraiRuntime runtime = MoiraiRuntime.builder().timeSource(clock).build()) {
 *     AtomicInteger runs = new AtomicInteger();
 *     runtime.scheduleAtFixedRate(runs::incrementAndGet, 0, 1, TimeUnit.HOURS);
 *     clock.advance(Duration.ofDays(1));
 *     assertThat(runs).hasValue(25); // at 0h, 1h, ... 24h: all run when advance returns
 * }
 * }</pre>
 *
 * <h2>What advance does</h2>
 * {@link #advance(Duration)} and {@link #advanceTo(Instant)} move time in steps: to the earliest
 * trigger within the target, then wait until every task due by then has finished its run (on a
 * CPU worker or a virtual thread, whichever its lane is) and every deadline passed has failed
 * its task's handle, then on to the next trigger, and finally to the target. Tasks therefore run
 * in due order, one step's tasks complete before the next step's start, and tasks that due tasks
 * schedule within the target run too. When {@code advance} returns, every handle of a task due
 * by the new time is done. It does not wait for tasks that were not fired by the timer (a task a
 * due task submits with {@code execute}, say): join their handles.
 *
 * <p>A step waits at most {@value #SETTLE_TIMEOUT_SECONDS} seconds of real time for its tasks;
 * a due task that blocks until the test does something after {@code advance} would otherwise
 * hang the test, so {@code advance} fails with an {@link IllegalStateException} instead. On a
 * paused runtime due tasks are handed to their lane and start on resume; {@code advance} does
 * not wait for them.
 *
 * <h2>Threads</h2>
 * Calls to {@code advance} and {@code advanceTo} from several threads are serialized: each runs
 * completely, with its due tasks, before the next begins, in the order the calls take the
 * clock's lock, so time never goes back and no due task is skipped or run twice. An
 * {@code advanceTo} an instant that an earlier call has already passed fails, as it would on
 * one thread. Calling {@code advance} from a task of a runtime the clock drives, which would
 * wait for itself, fails at once. Reading the time ({@link #instant()}, {@link #nanoTime()}) is
 * safe from any thread at any moment.
 *
 * <p>Views made by {@link #withZone(ZoneId)} share the time: advancing one advances all.
 * Virtual time starts at the instant given to the constructor and can move about 146 years
 * beyond it.
 */
public final class VirtualClock extends Clock implements TimeSource {

    /** How long, in real seconds, {@code advance} waits for the tasks of one step to finish. */
    public static final long SETTLE_TIMEOUT_SECONDS = 30L;

    /* Past this many nanoseconds from the start the timer's trigger arithmetic (now + delay, delays
     * saturated at Long.MAX_VALUE >> 2) could overflow, so the clock refuses to go further. */
    private static final long MAX_ELAPSED_NANOS = Long.MAX_VALUE >> 1;

    private final Timeline timeline;
    private final ZoneId zone;

    /** A clock at the current instant (to the millisecond) in the system's default time zone. */
    public VirtualClock() {
        this(Instant.now().truncatedTo(ChronoUnit.MILLIS), ZoneId.systemDefault());
    }

    /**
     * A clock at a given instant and zone, for tests that need a fixed calendar (cron).
     *
     * <pre>{@code
     * ZoneId zone = ZoneId.systemDefault(); // @Scheduled(cron) without a zone uses the default
     * VirtualClock monday = new VirtualClock(
     *         LocalDate.of(2026, 1, 5).atStartOfDay(zone).toInstant(), zone);
     * }</pre>
     *
     * @param start the clock's first instant
     * @param zone  the zone {@link #getZone()} reports
     */
    public VirtualClock(Instant start, ZoneId zone) {
        this(new Timeline(Objects.requireNonNull(start, "start")), Objects.requireNonNull(zone, "zone"));
    }

    private VirtualClock(Timeline timeline, ZoneId zone) {
        this.timeline = timeline;
        this.zone = zone;
    }

    /**
     * Moves time forward by {@code duration}, running every task that falls due on the way, in
     * due order, and returning when they have finished. {@link Duration#ZERO} runs what is due
     * now.
     *
     * @param duration how far to move, zero or positive
     * @throws NullPointerException     if {@code duration} is null
     * @throws IllegalArgumentException if {@code duration} is negative, or moves the clock more
     *                                  than about 146 years past its start
     * @throws IllegalStateException    if called from a task of a runtime this clock drives, or if
     *                                  due tasks do not finish within
     *                                  {@value #SETTLE_TIMEOUT_SECONDS} seconds of real time
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative (virtual time never goes back), was "
                    + duration);
        }
        timeline.lock();
        try {
            long elapsed = timeline.elapsed;
            long target;
            try {
                target = Math.addExact(elapsed, duration.toNanos());
            } catch (ArithmeticException tooFar) {
                target = Long.MAX_VALUE;
            }
            timeline.runTo(checkReach(target, duration));
        } finally {
            timeline.unlock();
        }
    }

    /**
     * Moves time forward to {@code instant}, as {@link #advance(Duration)} does.
     *
     * @param instant the new time: now or later
     * @throws NullPointerException     if {@code instant} is null
     * @throws IllegalArgumentException if {@code instant} is before the clock's current instant,
     *                                  or more than about 146 years past its start
     * @throws IllegalStateException    as for {@link #advance(Duration)}
     */
    public void advanceTo(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        timeline.lock();
        try {
            Instant now = timeline.instant();
            if (instant.isBefore(now)) {
                throw new IllegalArgumentException("advanceTo(" + instant + ") is before the clock's current instant "
                        + now + "; virtual time never goes back");
            }
            Duration left = Duration.between(now, instant);
            long target;
            try {
                target = Math.addExact(timeline.elapsed, left.toNanos());
            } catch (ArithmeticException tooFar) {
                target = Long.MAX_VALUE;
            }
            timeline.runTo(checkReach(target, left));
        } finally {
            timeline.unlock();
        }
    }

    private long checkReach(long target, Duration step) {
        if (target > MAX_ELAPSED_NANOS) {
            throw new IllegalArgumentException("advancing by " + step + " would move the clock more than "
                    + Duration.ofNanos(MAX_ELAPSED_NANOS) + " past its start " + timeline.origin);
        }
        return target;
    }

    @Override
    public Instant instant() {
        return timeline.instant();
    }

    @Override
    public long millis() {
        return timeline.instant().toEpochMilli();
    }

    /**
     * Nanoseconds of virtual time since the clock's start, the timer's time.
     *
     * @return the virtual {@code nanoTime}
     */
    @Override
    public long nanoTime() {
        return timeline.elapsed;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * A view of this clock in another zone, sharing its time.
     *
     * @param zone the zone
     * @return a clock that advances with this one
     */
    @Override
    public VirtualClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(this.zone) ? this : new VirtualClock(timeline, zone);
    }

    /**
     * Always true: time moves only through {@code advance}.
     *
     * @return true
     */
    @Override
    public boolean isVirtual() {
        return true;
    }

    /**
     * Starts driving a runtime's timer; called by the runtime when it is built.
     *
     * @param timer the runtime's timer
     */
    @Override
    public void attach(TimerControl timer) {
        timeline.timers.add(Objects.requireNonNull(timer, "timer"));
    }

    /**
     * Stops driving a runtime's timer; called by the runtime when it has terminated.
     *
     * @param timer the runtime's timer
     */
    @Override
    public void detach(TimerControl timer) {
        timeline.timers.remove(timer);
    }

    /** Equal to another view of the same time in the same zone. */
    @Override
    public boolean equals(Object other) {
        return other instanceof VirtualClock clock && clock.timeline == timeline && clock.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(timeline) ^ zone.hashCode();
    }

    @Override
    public String toString() {
        return "VirtualClock[" + timeline.instant() + "," + zone + "]";
    }

    /** The time every view of one clock shares, and the runtimes it drives. */
    private static final class Timeline {

        final Instant origin;
        /** Virtual nanoseconds since origin; written only under {@code lock}, read by anyone. */
        volatile long elapsed;
        /** Serializes advances: a step must never interleave with another's. */
        private final ReentrantLock lock = new ReentrantLock();
        final List<TimerControl> timers = new CopyOnWriteArrayList<>();

        Timeline(Instant origin) {
            this.origin = origin;
        }

        Instant instant() {
            return origin.plusNanos(elapsed);
        }

        void lock() {
            if (lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("VirtualClock.advance called while this thread is already advancing it");
            }
            for (TimerControl timer : timers) {
                if (timer.isRuntimeThread()) {
                    throw new IllegalStateException("VirtualClock.advance called from a thread of a runtime the clock "
                            + "drives; it would wait for its own task to finish. Advance from the test's thread.");
                }
            }
            lock.lock();
        }

        void unlock() {
            lock.unlock();
        }

        /**
         * Steps to each trigger within {@code target} in turn, waiting for what falls due at each
         * step, then to the target itself. The loop ends when nothing is due within the target
         * and time stands at it; a task that keeps scheduling work due within the target keeps
         * it going, as it would keep a real timer busy.
         */
        void runTo(long target) {
            while (true) {
                settle();
                long next = earliestTrigger();
                if (next != Long.MAX_VALUE && next <= target) {
                    if (next > elapsed) {
                        elapsed = next;
                    }
                    wakeTimers();
                    continue;
                }
                if (elapsed == target) {
                    return;
                }
                elapsed = target;
                wakeTimers();
            }
        }

        /** The earliest trigger of any driven timer, or Long.MAX_VALUE when none is pending. */
        private long earliestTrigger() {
            long earliest = Long.MAX_VALUE;
            for (TimerControl timer : timers) {
                OptionalLong next = timer.nextTriggerNanos();
                if (next.isPresent()) {
                    earliest = Math.min(earliest, next.getAsLong());
                }
            }
            return earliest;
        }

        private void wakeTimers() {
            for (TimerControl timer : timers) {
                timer.timeMoved();
            }
        }

        /**
         * Waits until every driven timer is at rest. The runtime offers no completion signal for
         * this (adding one would put a cost on every task of every application), so it polls,
         * with a short spin for the common case of tasks that end in microseconds and a parked
         * back-off after that.
         */
        private void settle() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_TIMEOUT_SECONDS);
            long park = 1_000L;
            for (int spins = 0; !allSettled(); spins++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted while waiting for the tasks due at " + instant()
                            + " to finish");
                }
                if (System.nanoTime() - deadline > 0L) {
                    throw new IllegalStateException("the tasks due at " + instant() + " have not finished after "
                            + SETTLE_TIMEOUT_SECONDS + " s of real time. VirtualClock.advance waits for every due task "
                            + "to end, so a due task that waits for something the test does after advance never lets "
                            + "it return.");
                }
                if (spins < 32) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(park);
                    park = Math.min(park * 2, 1_000_000L);
                }
            }
        }

        private boolean allSettled() {
            for (TimerControl timer : timers) {
                if (!timer.isSettled()) {
                    return false;
                }
            }
            return true;
        }
    }
}
