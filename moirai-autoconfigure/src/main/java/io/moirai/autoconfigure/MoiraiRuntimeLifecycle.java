package io.moirai.autoconfigure;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.ScheduledTaskHandle;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.spring.MoiraiRuntimeStoppedEvent;
import io.moirai.spring.MoiraiTaskExecutor;
import io.moirai.spring.MoiraiTaskScheduler;
import io.moirai.spring.ShutdownMode;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Stops the runtime when the application context closes, in Boot's graceful-shutdown order:
 * after the web server has stopped taking requests and let those in flight finish (so no request
 * still hands work to a stopped runtime), and before the web server itself stops.
 *
 * <ul>
 *   <li>{@code moirai.shutdown.mode=drain}: no new work is accepted, accepted work runs to its
 *       end within {@code moirai.shutdown.await-termination-period}; what is left then is
 *       cancelled and reported as abandoned.</li>
 *   <li>{@code cancel}: running tasks are interrupted at once and queued tasks are dropped
 *       (reported as abandoned); pending runs of periodic tasks are cancelled, as a drain's
 *       shutdown cancels them.</li>
 * </ul>
 *
 * <p>Either way the counts are logged (a warning when anything was abandoned) and published as
 * a {@link MoiraiRuntimeStoppedEvent}. Nothing disappears silently.
 *
 * <p>A runtime paused when the context starts to close is resumed at once, before any lifecycle
 * stops: the requests in flight that Boot's graceful shutdown waits for may be waiting for tasks
 * that a paused runtime would never start.
 *
 * <p>The runtime bean is declared with {@code destroyMethod = ""}: its {@code close()} waits
 * without limit, which a context close must never do. If the context fails before it starts,
 * the runtime is stopped at once when its beans are destroyed ({@link #stopAtOnce}), so that its
 * threads do not outlive the context, and what it abandoned is logged.
 */
final class MoiraiRuntimeLifecycle extends OneShotLifecycle implements ApplicationListener<ContextClosedEvent> {

    /**
     * Boot's {@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE} is
     * {@code DEFAULT_PHASE - 1024} and its web server stops at
     * {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, {@code DEFAULT_PHASE - 2048};
     * higher phases stop first, so this one stops between the two.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

    /** How long a drain that ran out of time waits for interrupted tasks to end. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(1);

    private static final Log logger = LogFactory.getLog(MoiraiRuntimeLifecycle.class);

    private final MoiraiRuntime runtime;
    private final MoiraiProperties.Shutdown shutdown;
    private final ObjectProvider<MoiraiTaskScheduler> schedulers;
    private final ApplicationContext context;

    MoiraiRuntimeLifecycle(MoiraiRuntime runtime, MoiraiProperties.Shutdown shutdown,
            ObjectProvider<MoiraiTaskScheduler> schedulers, ApplicationContext context) {
        this.runtime = runtime;
        this.shutdown = shutdown;
        this.schedulers = schedulers;
        this.context = context;
    }

    /*
     * Why the close event and not a lifecycle phase: Spring publishes ContextClosedEvent before
     * its lifecycle processor stops anything, so the resume comes before Boot's graceful shutdown
     * (DEFAULT_PHASE - 1024) and before any other lifecycle that waits for work in flight, such
     * as a message listener container at DEFAULT_PHASE, whatever their phases. A lifecycle's
     * stop() would also run on a plain context stop(), which is no shutdown. The runtime's own
     * shutdown() lifts a pause too, but only in this lifecycle's stop, after the graceful
     * shutdown has waited its whole timeout for requests whose tasks could not start. In a web
     * application Boot has already refused traffic when the event comes, and MoiraiReadinessBridge
     * announces no ACCEPTING_TRAFFIC for a resume while the context closes.
     */

    /**
     * Resumes a paused runtime when this context (not a child whose close event reaches its
     * parent) starts to close.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != this.context || !this.runtime.isPaused() || this.runtime.isShutdown()) {
            return;
        }
        long queued = this.runtime.snapshot().queued();
        this.runtime.resume();
        logger.info(String.format("Moirai runtime resumed for shutdown: it was paused with %d queued tasks, which "
                + "the requests in flight may wait for; they start again until the runtime stops "
                + "(moirai.shutdown.mode=%s)", queued, this.shutdown.getMode().name().toLowerCase(Locale.ROOT)));
    }

    @Override
    void stopOnce() {
        MoiraiRuntimeStoppedEvent event = stopRuntime();
        log(event.getMode().name().toLowerCase(Locale.ROOT), event);
        this.context.publishEvent(event);
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Stops the runtime at once if this lifecycle never stopped it; see {@link #stopAtOnce}.
     * {@link MoiraiRuntimeDestructionPostProcessor} does the same when the runtime's bean is
     * destroyed, for a context that failed before this lifecycle was even created.
     */
    @Override
    public void destroy() {
        stopAtOnce(this.runtime);
    }

    /**
     * Stops a runtime still running when its context is destroyed: the context failed before it
     * started (a bean failed after the runtime's was created), so nothing stopped it in order.
     * Whatever the mode, it stops at once, as in a cancel: running tasks are interrupted (and get
     * a moment to end), the tasks that never started are abandoned and their futures cancelled,
     * so that nobody waits for them for ever, and the report's line says so. No
     * {@link MoiraiRuntimeStoppedEvent} is published: the context's listeners are being destroyed
     * with it, and one not yet created could not be created now.
     *
     * @param runtime the runtime; nothing happens if it is already shut down
     */
    static void stopAtOnce(MoiraiRuntime runtime) {
        if (runtime.isShutdown()) {
            return;
        }
        long start = System.nanoTime();
        RuntimeSnapshot before = runtime.snapshot();
        Stopped stopped = stopNow(runtime);
        boolean terminated = awaitTermination(runtime, CANCEL_GRACE);
        log("cancel: the application did not start", report(runtime, ShutdownMode.CANCEL, start, before, stopped,
                terminated));
    }

    private MoiraiRuntimeStoppedEvent stopRuntime() {
        long start = System.nanoTime();
        RuntimeSnapshot before = this.runtime.snapshot();
        this.schedulers.orderedStream().forEach(MoiraiTaskScheduler::cancelPendingTasks);
        ShutdownMode mode = this.shutdown.getMode();
        Duration period = this.shutdown.getAwaitTerminationPeriod();
        Stopped stopped = Stopped.NOTHING;
        boolean terminated;
        if (mode == ShutdownMode.DRAIN) {
            this.runtime.shutdown();
            terminated = awaitTermination(this.runtime, period);
            if (!terminated) {
                stopped = stopNow(this.runtime);
                terminated = awaitTermination(this.runtime, CANCEL_GRACE);
            }
        } else {
            stopped = stopNow(this.runtime);
            terminated = awaitTermination(this.runtime, period);
        }
        return report(this.runtime, mode, start, before, stopped, terminated);
    }

    /** The outcome of a stop that began at {@code start} (a {@link System#nanoTime()}) with the runtime as {@code before}. */
    private static MoiraiRuntimeStoppedEvent report(MoiraiRuntime runtime, ShutdownMode mode, long start,
            RuntimeSnapshot before, Stopped stopped, boolean terminated) {
        RuntimeSnapshot after = runtime.snapshot();
        return new MoiraiRuntimeStoppedEvent(runtime, mode, Duration.ofNanos(System.nanoTime() - start),
                terminated, after.completed() - before.completed(), stopped.neverStarted(),
                terminated ? 0 : after.active(), after.completed(), after.failed(),
                after.cancelled() + stopped.periodicCancelled(), after.rejected());
    }

    /** What {@link #stopNow} found: tasks that never started, and periodic schedules it cancelled. */
    private record Stopped(long neverStarted, long periodicCancelled) {
        static final Stopped NOTHING = new Stopped(0, 0);
    }

    /**
     * Stops the runtime at once and counts the tasks that never started. A periodic task's
     * pending run is among what {@code shutdownNow()} returns, as with
     * {@code ScheduledThreadPoolExecutor}; the schedule is not work left undone, so it is
     * cancelled rather than reported as abandoned at every stop of an application with a
     * {@code @Scheduled} job, and the report counts it cancelled, as a drain's {@code shutdown()}
     * does. The runtime itself counted it "never started" when it handed it back (it does not
     * count what a caller does with a task it handed back), so the report adds these to the
     * runtime's cancelled total.
     * Every other task returned is counted abandoned, and if it is a future (a handle of
     * {@code submit}, or a {@code FutureTask} given to {@code execute}) it is cancelled, as
     * Spring's own executors cancel what {@code shutdownNow()} returns: a caller waiting in its
     * {@code get()} gets a {@code CancellationException} instead of waiting for ever.
     */
    private static Stopped stopNow(MoiraiRuntime runtime) {
        long neverStarted = 0;
        long periodicCancelled = 0;
        for (Runnable dropped : runtime.shutdownNow()) {
            if (dropped instanceof ScheduledTaskHandle<?> scheduled && scheduled.isPeriodic()) {
                if (scheduled.cancel(false)) {
                    periodicCancelled++;
                }
            } else {
                neverStarted++;
                if (MoiraiTaskExecutor.submittedTask(dropped) instanceof Future<?> future) {
                    future.cancel(true);
                }
            }
        }
        return new Stopped(neverStarted, periodicCancelled);
    }

    private static boolean awaitTermination(MoiraiRuntime runtime, Duration period) {
        try {
            return runtime.awaitTermination(period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return runtime.isTerminated();
        }
    }

    /** The report's line; {@code how} the runtime was stopped, in the parentheses after "stopped". */
    private static void log(String how, MoiraiRuntimeStoppedEvent event) {
        String message = String.format(
                "Moirai runtime stopped (%s) in %d ms: %d tasks completed during shutdown, %d abandoned "
                        + "(%d never started, %d still running); lifetime totals: %d completed, %d failed, "
                        + "%d cancelled, %d rejected",
                how, event.getElapsed().toMillis(),
                event.getCompletedDuringShutdown(), event.getAbandoned(), event.getNeverStarted(),
                event.getStillRunning(), event.getCompleted(), event.getFailed(), event.getCancelled(),
                event.getRejected());
        if (event.getAbandoned() > 0 || !event.isTerminated()) {
            logger.warn(message);
        } else {
            logger.info(message);
        }
    }
}
