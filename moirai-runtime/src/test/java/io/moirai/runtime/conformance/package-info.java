/**
 * Conformance tests of {@link io.moirai.runtime.MoiraiRuntime}, written against its public API
 * only (this package sits outside {@code io.moirai.runtime} on purpose).
 *
 * <p>Two families live here:
 * <ul>
 *   <li>the {@link java.util.concurrent.ExecutorService} and
 *       {@link java.util.concurrent.ScheduledExecutorService} contracts, modeled on what the
 *       JSR-166 TCK checks for {@code ThreadPoolExecutor} and {@code ScheduledThreadPoolExecutor}
 *       (null arguments, {@code invokeAll}/{@code invokeAny}, shutdown, cancellation, failures,
 *       delayed and periodic tasks);</li>
 *   <li>the runtime's own promises: builder validation, thread names, helping joins, the
 *       blocking lane, priorities, deadlines, rejection policies, pause and resume, resizing,
 *       listeners, blocking detection, interrupt hygiene, {@code *Async} stages and the
 *       snapshot's accounting.</li>
 * </ul>
 *
 * <p>Run them alone with
 * {@code ./mvnw -q -pl moirai-runtime test -Dtest='io.moirai.runtime.conformance.**'}.
 * They wait on conditions (latches, {@code awaitTermination}, Awaitility) with generous
 * timeouts and never on the clock, so a loaded machine makes them slower, not flaky.
 */
package io.moirai.runtime.conformance;
