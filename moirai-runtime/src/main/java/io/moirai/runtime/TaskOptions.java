package io.moirai.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How one task runs: its name (shown to listeners, in blocking reports and in the snapshot), its
 * lane, its priority and its deadline. Immutable; build from {@link #defaults()} with the
 * {@code with...} methods:
 *
 * <pre>{@code
 * TaskOptions options = TaskOptions.named("nightly-report")
 *         .withLane(Lane.BLOCKING)
 *         .withPriority(Priority.HIGH)
 *         .withDeadlineIn(Duration.ofSeconds(2));
 * TaskHandle<Report> report = runtime.spawn(this::buildReport, options);
 * }</pre>
 *
 * <p>A task not started by its deadline is cancelled with {@link DeadlineExceededException} at
 * the deadline (its handle fails then, not when a worker would have reached it) and never runs.
 * A task that has started runs to its end whatever the deadline.
 *
 * @param name     the task's name, never {@code null}; empty when unnamed
 * @param lane     where the task runs
 * @param priority its priority while it waits
 * @param deadline the instant by which it must start, or {@code null} for none
 */
public record TaskOptions(String name, Lane lane, Priority priority, Instant deadline) {

    private static final TaskOptions DEFAULTS = new TaskOptions("", Lane.CPU, Priority.NORMAL, null);

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code name}, {@code lane} or {@code priority} is null
     */
    public TaskOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(priority, "priority");
    }

    /**
     * The options of a plain submission: unnamed, CPU lane, {@link Priority#NORMAL}, no deadline.
     *
     * @return the default options
     */
    public static TaskOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Default options with a name.
     *
     * @param name the task's name
     * @return new options
     */
    public static TaskOptions named(String name) {
        return DEFAULTS.withName(name);
    }

    /**
     * A copy with another name.
     *
     * @param name the task's name
     * @return new options
     */
    public TaskOptions withName(String name) {
        return new TaskOptions(name, lane, priority, deadline);
    }

    /**
     * A copy with another lane.
     *
     * @param lane the lane
     * @return new options
     */
    public TaskOptions withLane(Lane lane) {
        return new TaskOptions(name, lane, priority, deadline);
    }

    /**
     * A copy with another priority.
     *
     * @param priority the priority
     * @return new options
     */
    public TaskOptions withPriority(Priority priority) {
        return new TaskOptions(name, lane, priority, deadline);
    }

    /**
     * A copy with an absolute deadline.
     *
     * @param deadline the instant by which the task must start, or {@code null} for none
     * @return new options
     */
    public TaskOptions withDeadline(Instant deadline) {
        return new TaskOptions(name, lane, priority, deadline);
    }

    /**
     * A copy whose deadline is {@code timeout} from now; a timeout beyond {@link Instant#MAX}
     * gives {@code Instant.MAX}.
     *
     * @param timeout how long from now the task may wait to start; not negative
     * @return new options
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public TaskOptions withDeadlineIn(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        Instant now = Instant.now();
        // a timeout past Instant.MAX saturates there, as the runtime saturates every far deadline
        Duration room = Duration.between(now, Instant.MAX);
        return withDeadline(timeout.compareTo(room) >= 0 ? Instant.MAX : now.plus(timeout));
    }
}
