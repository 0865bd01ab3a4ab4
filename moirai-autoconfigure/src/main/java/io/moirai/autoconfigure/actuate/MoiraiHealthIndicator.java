package io.moirai.autoconfigure.actuate;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeSnapshot.WorkerState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health contributor {@code moirai}: {@code UP} while the runtime runs, {@code OUT_OF_SERVICE}
 * while it is paused (so a load balancer stops sending work that would only queue), {@code DOWN}
 * once it is shutting down or stopped. Its details say how saturated each lane is; saturation
 * alone never makes it {@code DOWN}, since a busy runtime is a working one.
 */
public class MoiraiHealthIndicator extends AbstractHealthIndicator {

    private final MoiraiRuntime runtime;

    /**
     * A contributor for one runtime.
     *
     * @param runtime the runtime
     */
    public MoiraiHealthIndicator(MoiraiRuntime runtime) {
        super("Moirai health check failed");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RuntimeSnapshot snapshot = this.runtime.snapshot();
        switch (snapshot.state()) {
            case RUNNING -> builder.up();
            case PAUSED -> builder.outOfService();
            default -> builder.down();
        }
        builder.withDetail("state", snapshot.state())
                .withDetail("parallelism", snapshot.parallelism())
                .withDetail("blockingConcurrency", snapshot.blockingConcurrency())
                .withDetail("active", snapshot.active())
                .withDetail("queued", snapshot.queued())
                .withDetail("blockingInUse", snapshot.blockingInUse())
                .withDetail("blockingWaiting", snapshot.blockingWaiting())
                .withDetail("saturation", saturation(snapshot));
        if (snapshot.queueCapacity() != Integer.MAX_VALUE) {
            builder.withDetail("queueCapacity", snapshot.queueCapacity());
        }
    }

    /** Each figure is a fraction from 0 to 1, rounded to two places. */
    private static Map<String, Object> saturation(RuntimeSnapshot snapshot) {
        long busyWorkers = snapshot.workers().stream()
                .filter(worker -> worker.state() == WorkerState.RUNNING || worker.state() == WorkerState.BLOCKED)
                .count();
        Map<String, Object> saturation = new LinkedHashMap<>();
        saturation.put("cpu", fraction(busyWorkers, snapshot.parallelism()));
        saturation.put("blocking", fraction(snapshot.blockingInUse(), snapshot.blockingConcurrency()));
        if (snapshot.queueCapacity() != Integer.MAX_VALUE) {
            saturation.put("queue", fraction(snapshot.queued(), 2L * snapshot.queueCapacity()));
        }
        return saturation;
    }

    private static double fraction(long part, long whole) {
        if (whole <= 0) {
            return 0.0;
        }
        return Math.round(Math.min(1.0, (double) part / whole) * 100.0) / 100.0;
    }
}
