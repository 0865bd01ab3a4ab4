package io.moirai.hazelcast;

import io.moirai.runtime.Lane;
import java.util.Objects;

/**
 * How a remote task runs: the lane of the receiving member's runtime and whether the task may be
 * run again on another member when the member running it leaves. Immutable.
 *
 * <pre>{@code
 * cluster.executor().submit(() -> fetch(url), RemoteOptions.lane(Lane.BLOCKING).retryable(true));
 * }</pre>
 *
 * <p>A task is not retryable by default: when its member leaves before answering, its future
 * fails with {@link ClusterWorkLostException}, since the task may have had effects there. A
 * retryable task (idempotent, or harmless to repeat) is sent to another serving member instead.
 *
 * @see MoiraiClusterExecutor#submit(RemoteCallable, RemoteOptions)
 */
public final class RemoteOptions {

    private static final RemoteOptions DEFAULTS = new RemoteOptions(Lane.CPU, false);

    private final Lane lane;
    private final boolean retryable;

    private RemoteOptions(Lane lane, boolean retryable) {
        this.lane = lane;
        this.retryable = retryable;
    }

    /**
     * The CPU lane, not retryable.
     *
     * @return the default options
     */
    public static RemoteOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Options that run the task on {@code lane} of the receiving member's runtime, not retryable.
     *
     * @param lane {@link Lane#CPU} for computing, {@link Lane#BLOCKING} for waiting on I/O
     * @return the options
     * @throws NullPointerException if {@code lane} is null
     */
    public static RemoteOptions lane(Lane lane) {
        return new RemoteOptions(Objects.requireNonNull(lane, "lane"), false);
    }

    /**
     * These options with the lane {@code lane}.
     *
     * @param lane the lane
     * @return the changed options
     * @throws NullPointerException if {@code lane} is null
     */
    public RemoteOptions withLane(Lane lane) {
        return new RemoteOptions(Objects.requireNonNull(lane, "lane"), retryable);
    }

    /**
     * These options, with the task run again on another member (true) or failed (false) when its
     * member leaves before answering.
     *
     * @param retryable whether the task may run more than once
     * @return the changed options
     */
    public RemoteOptions retryable(boolean retryable) {
        return new RemoteOptions(lane, retryable);
    }

    /**
     * The lane the task runs on.
     *
     * @return the lane
     */
    public Lane lane() {
        return lane;
    }

    /**
     * Whether the task is run again elsewhere when its member leaves.
     *
     * @return true when retryable
     */
    public boolean isRetryable() {
        return retryable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteOptions other && other.lane == lane && other.retryable == retryable;
    }

    @Override
    public int hashCode() {
        return lane.hashCode() * 31 + Boolean.hashCode(retryable);
    }

    @Override
    public String toString() {
        return "RemoteOptions[lane=" + lane + ", retryable=" + retryable + "]";
    }
}
