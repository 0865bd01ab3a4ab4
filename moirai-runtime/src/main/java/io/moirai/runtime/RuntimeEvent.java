package io.moirai.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something that happened to a runtime as a whole, delivered to
 * {@link RuntimeListener#runtimeEvent(RuntimeEvent)}. A sealed family of records, so a listener
 * can switch over it exhaustively:
 *
 * <pre>{@code
 * switch (event) {
 *     case RuntimeEvent.Started s -> log.info("up with {} workers", s.parallelism());
 *     case RuntimeEvent.BlockingDetected b -> log.warn("{} blocked in {}", b.worker(), b.taskName());
 *     default -> { }
 * }
 * }</pre>
 */
public sealed interface RuntimeEvent {

    /**
     * When it happened.
     *
     * @return the wall-clock instant
     */
    Instant at();

    /**
     * The runtime started its threads.
     *
     * @param at                  when
     * @param parallelism         CPU workers
     * @param blockingConcurrency blocking-lane permits
     */
    record Started(Instant at, int parallelism, int blockingConcurrency) implements RuntimeEvent {
    }

    /**
     * {@link MoiraiRuntime#reconfigure(int, int)} changed the sizes.
     *
     * @param at                          when
     * @param previousParallelism         before
     * @param parallelism                 after
     * @param previousBlockingConcurrency before
     * @param blockingConcurrency         after
     */
    record Reconfigured(Instant at, int previousParallelism, int parallelism,
                        int previousBlockingConcurrency, int blockingConcurrency) implements RuntimeEvent {
    }

    /**
     * The runtime was paused or resumed.
     *
     * @param at     when
     * @param paused {@code true} for pause, {@code false} for resume
     */
    record PauseChanged(Instant at, boolean paused) implements RuntimeEvent {
    }

    /**
     * A submission was refused or a waiting task evicted.
     *
     * @param at       when
     * @param taskName the task's name
     * @param lane     its lane
     * @param reason   {@code "shutdown"}, or the {@link RejectionPolicy} that applied
     */
    record TaskRejected(Instant at, String taskName, Lane lane, String reason) implements RuntimeEvent {
    }

    /**
     * A CPU worker was found blocked (waiting on I/O, a lock or a sleep) inside one task for
     * longer than the detection threshold. A compensation worker was started if
     * {@code compensated}; it leaves when the blocked worker returns.
     *
     * @param at          when it was detected
     * @param worker      the blocked worker's thread name
     * @param taskName    the task's name (its class name when unnamed)
     * @param blockedFor  how long the worker had been inside the task
     * @param threadState the thread's state when seen
     * @param stackTop    the top frames of the worker's stack
     * @param compensated whether a compensation worker was started
     */
    record BlockingDetected(Instant at, String worker, String taskName, Duration blockedFor,
                            Thread.State threadState, List<StackTraceElement> stackTop,
                            boolean compensated) implements RuntimeEvent {
        /**
         * Copies the stack.
         *
         * @throws NullPointerException if a reference component is null
         */
        public BlockingDetected {
            Objects.requireNonNull(worker, "worker");
            stackTop = List.copyOf(stackTop);
        }
    }

    /**
     * Shutdown began.
     *
     * @param at        when
     * @param immediate {@code true} for {@link MoiraiRuntime#shutdownNow()}
     * @param queued    tasks waiting at that moment
     * @param active    tasks running at that moment
     */
    record ShutdownStarted(Instant at, boolean immediate, long queued, long active) implements RuntimeEvent {
    }

    /**
     * The runtime terminated: every accepted task ended and every thread exited.
     *
     * @param at           when
     * @param completed    tasks that completed over the runtime's life
     * @param failed       tasks that failed
     * @param cancelled    tasks cancelled
     * @param rejected     submissions rejected
     * @param neverStarted tasks handed back by {@code shutdownNow}
     */
    record Stopped(Instant at, long completed, long failed, long cancelled, long rejected,
                   long neverStarted) implements RuntimeEvent {
    }
}
