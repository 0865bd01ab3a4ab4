package io.moirai.autoconfigure.actuate;

import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeListener;
import io.moirai.spring.MoiraiRuntimeStoppedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Turns the runtime's events into {@link AuditApplicationEvent}s, which Boot's audit listener
 * stores in the application's {@code AuditEventRepository} (and so in
 * {@code /actuator/auditevents}).
 *
 * <table>
 *   <caption>Audit event types</caption>
 *   <tr><th>type</th><th>when</th><th>principal</th></tr>
 *   <tr><td>{@value #STARTED}</td><td>the runtime started</td><td>{@code moirai}</td></tr>
 *   <tr><td>{@value #RECONFIGURED}</td><td>a resize, pause or resume, with old and new values; the
 *       resume of a paused runtime when the application shuts down has {@code reason=shutdown}</td>
 *       <td>the caller of the endpoint; {@code moirai} for a change made in code or at shutdown</td></tr>
 *   <tr><td>{@value #TASK_REJECTED}</td><td>submissions were rejected: at most one event per
 *       interval, with the count since the last one</td><td>{@code moirai}</td></tr>
 *   <tr><td>{@value #BLOCKING_DETECTED}</td><td>a CPU worker was found blocked in a task</td>
 *       <td>{@code moirai}</td></tr>
 *   <tr><td>{@value #STOPPED}</td><td>the runtime stopped with the context, with the final counts</td>
 *       <td>{@code moirai}</td></tr>
 *   <tr><td>{@value #MEMBER_JOINED}</td><td>a cluster member (this one included) started serving
 *       Moirai work, with its UUID and address</td><td>{@code moirai}</td></tr>
 *   <tr><td>{@value #MEMBER_LEFT}</td><td>a cluster member stopped serving: it closed its cluster,
 *       shut down or was declared dead</td><td>{@code moirai}</td></tr>
 * </table>
 *
 * <p>The cluster's two events come from a {@code MoiraiClusterAuditListener}, when the application
 * has a {@code moiraiCluster}.
 *
 * <p>The runtime calls a listener on its own threads (and the submitter's, for a rejection), so
 * each callback does little: an overload, or a task that blocks workers again and again,
 * produces one audit event per interval, never one per rejection or detection. Events from before the application context finished its refresh (the runtime starts
 * while beans are created) are held and published when the refresh ends.
 */
public final class MoiraiAuditBridge implements RuntimeListener, SmartApplicationListener, ApplicationContextAware {

    /** The runtime started. */
    public static final String STARTED = "MOIRAI_RUNTIME_STARTED";
    /** The runtime was resized, paused or resumed. */
    public static final String RECONFIGURED = "MOIRAI_RUNTIME_RECONFIGURED";
    /** Submissions were rejected (rate-limited, with a count). */
    public static final String TASK_REJECTED = "MOIRAI_TASK_REJECTED";
    /** A CPU worker was found blocked inside a task (rate-limited, with a count). */
    public static final String BLOCKING_DETECTED = "MOIRAI_BLOCKING_DETECTED";
    /** The runtime stopped. */
    public static final String STOPPED = "MOIRAI_RUNTIME_STOPPED";
    /** A cluster member started serving Moirai work. */
    public static final String MEMBER_JOINED = "MOIRAI_MEMBER_JOINED";
    /** A cluster member stopped serving Moirai work. */
    public static final String MEMBER_LEFT = "MOIRAI_MEMBER_LEFT";

    private final ApplicationEventPublisher publisher;
    private final RateLimitedAudit<RuntimeEvent.TaskRejected> rejections;
    private final RateLimitedAudit<RuntimeEvent.BlockingDetected> blockings;
    private final Object startupLock = new Object();
    private @Nullable List<AuditEvent> heldUntilStarted = new ArrayList<>();
    /** Set while the bean is initialised, before the runtime that calls this listener is built. */
    private @Nullable ApplicationContext context;

    /**
     * A bridge that publishes at most one {@value #TASK_REJECTED} and one
     * {@value #BLOCKING_DETECTED} event per {@code rejectionInterval}.
     *
     * @param publisher         where audit events go
     * @param rejectionInterval the shortest time between two rejection events, and between two
     *                          blocking events
     */
    public MoiraiAuditBridge(ApplicationEventPublisher publisher, Duration rejectionInterval) {
        this.publisher = publisher;
        Executor atIntervalEnd = CompletableFuture.delayedExecutor(rejectionInterval.toNanos(), TimeUnit.NANOSECONDS);
        this.rejections = new RateLimitedAudit<>(rejectionInterval, atIntervalEnd, this::publishRejections);
        this.blockings = new RateLimitedAudit<>(rejectionInterval, atIntervalEnd, this::publishBlockings);
    }

    /**
     * The context whose close marks a resume as the shutdown's, not a caller's.
     *
     * @param context the application context this bridge is a bean of
     */
    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    /** Only runtime events: the runtime then skips the per-task clock reads for this listener. */
    @Override
    public boolean observesTasks() {
        return false;
    }

    @Override
    public void runtimeEvent(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.Started started -> publish(ActingPrincipal.SYSTEM, STARTED, Map.of(
                    "parallelism", started.parallelism(), "blockingConcurrency", started.blockingConcurrency()));
            case RuntimeEvent.Reconfigured resized -> publish(ActingPrincipal.current(), RECONFIGURED, ordered(
                    "operation", "resize",
                    "previousParallelism", resized.previousParallelism(), "parallelism", resized.parallelism(),
                    "previousBlockingConcurrency", resized.previousBlockingConcurrency(),
                    "blockingConcurrency", resized.blockingConcurrency()));
            case RuntimeEvent.PauseChanged pause -> publishPauseChanged(pause);
            case RuntimeEvent.TaskRejected rejected -> this.rejections.occurred(rejected);
            case RuntimeEvent.BlockingDetected blocked -> this.blockings.occurred(blocked);
            case RuntimeEvent.ShutdownStarted shutdownStarted -> {
                // reported with its outcome, by MoiraiRuntimeStoppedEvent
            }
            case RuntimeEvent.Stopped stopped -> {
                // reported with the shutdown's outcome, by MoiraiRuntimeStoppedEvent
            }
        }
    }

    /**
     * A pause or resume. The starter resumes a paused runtime when the context starts to close,
     * on the closing thread, with no caller acting: that resume says so.
     */
    private void publishPauseChanged(RuntimeEvent.PauseChanged pause) {
        String principal = ActingPrincipal.current();
        Map<String, @Nullable Object> data = ordered("operation", pause.paused() ? "pause" : "resume",
                "previousPaused", !pause.paused(), "paused", pause.paused());
        if (!pause.paused() && ActingPrincipal.SYSTEM.equals(principal)
                && this.context instanceof ConfigurableApplicationContext configurable && configurable.isClosed()) {
            data.put("reason", "shutdown");
        }
        publish(principal, RECONFIGURED, data);
    }

    private void publishRejections(RuntimeEvent.TaskRejected last, long count, @Nullable Long intervalSeconds) {
        publish(ActingPrincipal.SYSTEM, TASK_REJECTED, counted(count, intervalSeconds,
                "lastTask", last.taskName(), "lastLane", last.lane().name().toLowerCase(Locale.ROOT),
                "lastReason", last.reason()));
    }

    private void publishBlockings(RuntimeEvent.BlockingDetected last, long count, @Nullable Long intervalSeconds) {
        publish(ActingPrincipal.SYSTEM, BLOCKING_DETECTED, counted(count, intervalSeconds,
                "worker", last.worker(), "task", last.taskName(),
                "blockedForMillis", last.blockedFor().toMillis(), "threadState", String.valueOf(last.threadState()),
                "compensated", last.compensated(),
                "stackTop", last.stackTop().stream().map(String::valueOf).toList()));
    }

    /** A rate-limited event's data: its count, the interval it covers (if it sums one up), then the latest occurrence's details. */
    private static Map<String, @Nullable Object> counted(long count, @Nullable Long intervalSeconds, Object... details) {
        Map<String, @Nullable Object> data = ordered("count", count);
        if (intervalSeconds != null) {
            data.put("intervalSeconds", intervalSeconds);
        }
        data.putAll(ordered(details));
        return data;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ContextRefreshedEvent.class.isAssignableFrom(eventType)
                || MoiraiRuntimeStoppedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof MoiraiRuntimeStoppedEvent stopped) {
            this.rejections.flush();
            this.blockings.flush();
            publish(ActingPrincipal.SYSTEM, STOPPED, stopped.toMap());
        } else if (event instanceof ContextRefreshedEvent) {
            publishHeldEvents();
        }
    }

    private void publishHeldEvents() {
        List<AuditEvent> held;
        synchronized (this.startupLock) {
            held = this.heldUntilStarted;
            this.heldUntilStarted = null;
        }
        if (held != null) {
            held.forEach(event -> this.publisher.publishEvent(new AuditApplicationEvent(event)));
        }
    }

    /**
     * Publishes an event that no caller caused, held like the runtime's own until the context has
     * started.
     *
     * @param type the audit event type
     * @param data its data, in the order given
     */
    void publishSystemEvent(String type, Object... data) {
        publish(ActingPrincipal.SYSTEM, type, ordered(data));
    }

    private void publish(String principal, String type, Map<String, @Nullable Object> data) {
        AuditEvent event = new AuditEvent(principal, type, data);
        synchronized (this.startupLock) {
            if (this.heldUntilStarted != null) {
                this.heldUntilStarted.add(event);
                return;
            }
        }
        this.publisher.publishEvent(new AuditApplicationEvent(event));
    }

    private static Map<String, @Nullable Object> ordered(Object... keysAndValues) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
