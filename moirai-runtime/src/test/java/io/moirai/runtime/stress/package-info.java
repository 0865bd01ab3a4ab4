/**
 * Stress tests of the runtime's accounting, wake-ups, control operations and thread hygiene,
 * through its public API only: the "no lost task, no leaked thread" row of the project's proofs.
 *
 * <ul>
 *   <li>{@link io.moirai.runtime.stress.TaskOutcomeStressTest}: every task ends exactly once, and
 *       the test's own count of outcomes, the runtime's snapshot and a listener agree, across
 *       every submission method, rejection policy and a shutdown or {@code shutdownNow} mid-load;
 *       no thread with the runtime's prefix survives {@code close()}.</li>
 *   <li>{@link io.moirai.runtime.stress.WakeUpStressTest}: no lost wake-up when bursts arrive at a
 *       fully parked pool, at parallelism 1, 2 and 4.</li>
 *   <li>{@link io.moirai.runtime.stress.ControlUnderLoadStressTest}: {@code reconfigure},
 *       {@code pause} and {@code resume} under load lose nothing.</li>
 *   <li>{@link io.moirai.runtime.stress.CpuHogStressTest} (tag {@code long}): all of the above
 *       while threads spin on every core.</li>
 * </ul>
 *
 * <p>Default sizes move 10^6 tasks per test class and fit in well under a minute on two cores:
 * <pre>
 * ./mvnw -q -pl moirai-runtime test -Dtest='io.moirai.runtime.stress.**'
 * </pre>
 * The {@code long} profile moves 10^7 and adds the CPU-hog variants:
 * <pre>
 * ./mvnw -q -pl moirai-runtime test -Plong -Dtest='io.moirai.runtime.stress.**'
 * </pre>
 * Sizes come from the system property {@code moirai.stress.items}; each test prints the seed of
 * its random choices, and {@code -Dmoirai.stress.seed=N} replays them. No test waits on time: each
 * waits on a condition, and its bound only turns a hang into a failure that prints the runtime's
 * snapshot and a thread dump.
 */
package io.moirai.runtime.stress;
