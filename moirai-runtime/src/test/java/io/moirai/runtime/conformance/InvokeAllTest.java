package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.moirai.runtime.MoiraiRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code invokeAll}, with and without a timeout, as {@code ExecutorService} specifies it. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InvokeAllTest {

    @Test
    void invokeAllOfEmptyCollectionReturnsEmptyList() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            assertThat(runtime.invokeAll(List.<Callable<String>>of())).isEmpty();
            assertThat(runtime.invokeAll(List.<Callable<String>>of(), 1, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void invokeAllReturnsCompletedFuturesInTaskOrder() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            List<Future<String>> futures = runtime.invokeAll(List.of(() -> "a", () -> "b", () -> "c"));

            assertThat(futures).hasSize(3).allSatisfy(f -> assertThat(f.isDone()).isTrue());
            assertThat(futures).noneMatch(Future::isCancelled);
            assertThat(futures.get(0).get()).isEqualTo("a");
            assertThat(futures.get(1).get()).isEqualTo("b");
            assertThat(futures.get(2).get()).isEqualTo("c");
        }
    }

    @Test
    void invokeAllKeepsEachFailureInItsOwnFuture() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            List<Future<String>> futures = runtime.invokeAll(List.of(() -> "a", () -> {
                throw boom;
            }));

            assertThat(futures).allSatisfy(f -> assertThat(f.isDone()).isTrue());
            assertThat(futures.get(0).get()).isEqualTo("a");
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> futures.get(1).get())
                    .withCause(boom);
        }
    }

    @Test
    void invokeAllWhenEveryTaskFailsStillReturnsEveryFuture() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            Callable<String> failing = () -> {
                throw new ArithmeticException("no");
            };
            List<Future<String>> futures = runtime.invokeAll(List.of(failing, failing, failing));

            assertThat(futures).hasSize(3).allSatisfy(f -> assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(f::get).withCauseInstanceOf(ArithmeticException.class));
        }
    }

    @Test
    void timedInvokeAllReturnsCompletedFuturesWhenTimeSuffices() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            List<Future<Integer>> futures = runtime.invokeAll(List.of(() -> 1, () -> 2),
                    Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(futures).hasSize(2).noneMatch(Future::isCancelled);
            assertThat(futures.get(0).get()).isEqualTo(1);
            assertThat(futures.get(1).get()).isEqualTo(2);
        }
    }

    @Test
    void timedInvokeAllCancelsAndInterruptsWhatIsNotDoneByTheTimeout() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Callable<String> stuck = () -> {
            try {
                new CountDownLatch(1).await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                return "never";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        };
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build()) {
            List<Future<String>> futures = runtime.invokeAll(List.of(() -> "quick", stuck, () -> "late"),
                    Waits.SHORT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(futures).hasSize(3).allSatisfy(f -> assertThat(f.isDone()).isTrue());
            assertThat(futures.get(0).get()).isEqualTo("quick");
            assertThat(futures.get(1).isCancelled()).isTrue();
            assertThatExceptionOfType(CancellationException.class).isThrownBy(() -> futures.get(1).get());
            Waits.await(interrupted);
        }
    }

    @Test
    void timedInvokeAllWithNoTimeLeftCancelsEveryTask() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            List<Future<String>> futures = runtime.invokeAll(List.<Callable<String>>of(() -> {
                ran.countDown();
                return "x";
            }), 0L, TimeUnit.NANOSECONDS);

            assertThat(futures).hasSize(1);
            assertThat(futures.get(0).isCancelled()).isTrue();
        }
        assertThat(ran.getCount()).as("a task cancelled before it started never runs").isOne();
    }

    @Test
    void invokeAllFromInsideATaskHelpsInsteadOfDeadlocking() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            List<Callable<Integer>> parts = List.of(() -> 1, () -> 2, () -> 3);
            Future<Integer> outer = runtime.submit(() -> {
                int sum = 0;
                for (Future<Integer> f : runtime.invokeAll(parts)) {
                    sum += f.get();
                }
                return sum;
            });

            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(6);
        }
    }
}
