package io.moirai.autoconfigure;

import io.moirai.runtime.RuntimeEvent;
import io.moirai.runtime.RuntimeListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Makes the application's readiness follow the runtime's pause: a pause publishes
 * {@link ReadinessState#REFUSING_TRAFFIC} and the resume after it
 * {@link ReadinessState#ACCEPTING_TRAFFIC}, so {@code /actuator/health/readiness} (and a
 * Kubernetes readiness probe on it) stops routing traffic to an instance whose work would only
 * queue.
 *
 * <p>A resume restores readiness only if the refusal it finds is Moirai's own: when the
 * application (or Boot, at shutdown) refused traffic since the pause, that decision stands. A
 * resume while the context closes (the starter resumes a paused runtime then, so that the work
 * in flight can finish) never restores it: Boot refuses traffic at the close of a web
 * application, but not of other applications, where the refusal would still be Moirai's own.
 * {@link LivenessState} is never touched: a paused runtime is working as asked, and a liveness
 * probe that failed on it would have the instance restarted.
 */
final class MoiraiReadinessBridge implements RuntimeListener {

    private final ApplicationContext context;

    private final ObjectProvider<ApplicationAvailability> availability;

    MoiraiReadinessBridge(ApplicationContext context, ObjectProvider<ApplicationAvailability> availability) {
        this.context = context;
        this.availability = availability;
    }

    /** Only runtime events: the runtime then skips the per-task clock reads for this listener. */
    @Override
    public boolean observesTasks() {
        return false;
    }

    /** Called on the thread that paused or resumed the runtime, after the change took effect. */
    @Override
    public void runtimeEvent(RuntimeEvent event) {
        if (event instanceof RuntimeEvent.PauseChanged change) {
            if (change.paused()) {
                AvailabilityChangeEvent.publish(this.context, this, ReadinessState.REFUSING_TRAFFIC);
            } else if (!closing() && refusedByThisBridge()) {
                AvailabilityChangeEvent.publish(this.context, this, ReadinessState.ACCEPTING_TRAFFIC);
            }
        }
    }

    /** Whether the context has begun to close: from then on it never accepts traffic again. */
    private boolean closing() {
        return this.context instanceof ConfigurableApplicationContext configurable && configurable.isClosed();
    }

    /**
     * Whether the latest readiness change is this bridge's refusal. Without Boot's availability
     * bean nothing keeps the state, so the resume is simply announced.
     */
    private boolean refusedByThisBridge() {
        ApplicationAvailability current = this.availability.getIfAvailable();
        if (current == null) {
            return true;
        }
        AvailabilityChangeEvent<ReadinessState> last = current.getLastChangeEvent(ReadinessState.class);
        return last != null && last.getSource() == this && last.getState() == ReadinessState.REFUSING_TRAFFIC;
    }
}
