package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.TaskHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every timed method of the runtime treats a timeout of zero or less as "do not wait", down to
 * {@code Long.MIN_VALUE}, and {@code Long.MAX_VALUE} as "practically for ever", without the
 * overflow of {@code now + timeout}: the JSR-166 TCK's extreme-timeout cases, checked here on
 * the runtime's own tests.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExtremeTimeoutTest {

    @ParameterizedTest(name = "{0} ns")
    @ValueSource(longs = {Long.MIN_VALUE, -1L, 0L})
    void awaitTerminationWithANonPositiveTimeoutReturnsFalseAtOnceOnABusyRuntime(long timeout) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.spawn(gate.callable("busy"));
            gate.awaitEntered();
            runtime.shutdown();
            assertThat(runtime.awaitTermination(timeout, TimeUnit.NANOSECONDS)).isFalse();
            gate.open();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NANOSECONDS", "DAYS"})
    void awaitTerminationWithTheLargestTimeoutWaitsForTermination(TimeUnit unit) throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build();
        try (Gate gate = new Gate()) {
            runtime.spawn(gate.callable("busy"));
            gate.awaitEntered();
            runtime.shutdown();
            CompletableFuture<Boolean> terminated = CompletableFuture.supplyAsync(() -> {
                try {
                    return runtime.awaitTermination(Long.MAX_VALUE, unit);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            gate.open();
            assertThat(terminated.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            runtime.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} ns")
    @ValueSource(longs = {Long.MIN_VALUE, -1L, 0L})
    void aTimedGetWithANonPositiveTimeoutTimesOutAtOnce(long timeout) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            TaskHandle<String> pending = runtime.spawn(gate.callable("x"));
            assertThatThrownBy(() -> pending.get(timeout, TimeUnit.NANOSECONDS)).isInstanceOf(TimeoutException.class);
            TaskHandle<Long> inside = runtime.spawnBlocking(() -> {
                long start = System.nanoTime();
                try {
                    pending.get(timeout, TimeUnit.NANOSECONDS);
                } catch (TimeoutException expected) {
                    return System.nanoTime() - start;
                }
                return -1L;
            });
            assertThat(inside.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isNotNegative()
                    .isLessThan(Waits.LONG.toNanos());
            gate.open();
            assertThat(pending.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("x");
        }
    }

    /**
     * As {@code FutureTask} and {@code CompletableFuture}: an interrupt pending when a timed get
     * of a pending result starts wins over the timeout, however short, and is consumed by the
     * {@code InterruptedException}; for handles and for the stages derived from them alike.
     */
    @ParameterizedTest(name = "{0} ns")
    @ValueSource(longs = {Long.MIN_VALUE, -1L, 0L})
    void aTimedGetWithANonPositiveTimeoutThrowsAPendingInterrupt(long timeout) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            TaskHandle<String> pending = runtime.spawn(gate.callable("x"));
            for (Future<String> future : List.of(pending, pending.thenApply(v -> v).toCompletableFuture())) {
                Thread.currentThread().interrupt();
                assertThatThrownBy(() -> future.get(timeout, TimeUnit.NANOSECONDS)).isInstanceOf(InterruptedException.class);
                assertThat(Thread.interrupted()).isFalse();
            }
            gate.open();
        }
    }

    @Test
    void aTimedGetWithTheLargestTimeoutWaitsForTheResult() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            TaskHandle<String> pending = runtime.spawn(gate.callable("x"));
            CompletableFuture<String> viaNanos = CompletableFuture.supplyAsync(() -> getQuietly(pending, TimeUnit.NANOSECONDS));
            CompletableFuture<String> viaDays = CompletableFuture.supplyAsync(() -> getQuietly(pending, TimeUnit.DAYS));
            gate.awaitEntered();
            gate.open();
            assertThat(viaNanos.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("x");
            assertThat(viaDays.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("x");
        }
    }

    @ParameterizedTest(name = "{0} ns")
    @ValueSource(longs = {Long.MIN_VALUE, -1L, 0L})
    void timedInvokeAllAndInvokeAnyWithANonPositiveTimeoutReturnAtOnce(long timeout) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build(); Gate gate = new Gate()) {
            runtime.spawn(gate.callable("busy"));
            gate.awaitEntered();
            Callable<String> task = () -> "t";
            List<Future<String>> all = runtime.invokeAll(List.of(task, task), timeout, TimeUnit.NANOSECONDS);
            assertThat(all).hasSize(2).allMatch(Future::isCancelled);
            assertThatThrownBy(() -> runtime.invokeAny(List.of(task, task), timeout, TimeUnit.NANOSECONDS))
                    .isInstanceOf(TimeoutException.class);
            gate.open();
        }
    }

    @Test
    void timedInvokeAllAndInvokeAnyWithTheLargestTimeoutCompleteNormally() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            Callable<String> task = () -> "t";
            assertThat(runtime.invokeAll(List.of(task, task), Long.MAX_VALUE, TimeUnit.NANOSECONDS))
                    .allMatch(f -> f.isDone() && !f.isCancelled());
            assertThat(runtime.invokeAny(List.of(task, task), Long.MAX_VALUE, TimeUnit.DAYS)).isEqualTo("t");
        }
    }

    @Test
    void theBlockPolicyWithAZeroTimeoutRefusesAtOnceAndWithTheLargestWaitsForSpace() throws Exception {
        try (MoiraiRuntime zero = Waits.quietRuntime().parallelism(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.BLOCK).blockTimeout(Duration.ZERO).build(); Gate gate = new Gate()) {
            zero.spawn(gate.callable("busy"));
            gate.awaitEntered();
            zero.spawn(() -> "fills the queue");
            assertThatThrownBy(() -> zero.spawn(() -> "refused")).isInstanceOf(RejectedExecutionException.class);
            gate.open();
        }
        try (MoiraiRuntime longest = Waits.quietRuntime().parallelism(1).queueCapacity(1)
                .rejectionPolicy(RejectionPolicy.BLOCK).blockTimeout(Duration.ofNanos(Long.MAX_VALUE)).build();
             Gate gate = new Gate()) {
            longest.spawn(gate.callable("busy"));
            gate.awaitEntered();
            longest.spawn(() -> "fills the queue");
            CompletableFuture<String> blocked = CompletableFuture.supplyAsync(() -> longest.spawn(() -> "admitted").join());
            gate.open();
            assertThat(blocked.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("admitted");
        }
    }

    private static String getQuietly(Future<String> future, TimeUnit unit) {
        try {
            return future.get(Long.MAX_VALUE, unit);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
