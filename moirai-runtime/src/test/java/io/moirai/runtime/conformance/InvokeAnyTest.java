package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.time.Duration;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code invokeAny}, with and without a timeout, as {@code ExecutorService} specifies it. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InvokeAnyTest {

    @Test
    void invokeAnyOfEmptyCollectionThrowsIllegalArgumentException() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            assertThatIllegalArgumentException().isThrownBy(() -> runtime.invokeAny(List.<Callable<String>>of()));
            assertThatIllegalArgumentException().isThrownBy(
                    () -> runtime.invokeAny(List.<Callable<String>>of(), 1, TimeUnit.SECONDS));
        }
    }

    @Test
    void invokeAnyReturnsTheResultOfATaskThatSucceeded() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            Callable<String> failing = () -> {
                throw new IllegalStateException("no");
            };
            List<Callable<String>> oneSucceeds = List.of(failing, () -> "yes", failing);
            List<Callable<String>> single = List.of(() -> "only");
            assertThat(runtime.invokeAny(oneSucceeds)).isEqualTo("yes");
            assertThat(runtime.invokeAny(single)).isEqualTo("only");
        }
    }

    /**
     * A collection whose {@code size()} announces more tasks than it yields (a concurrent or
     * filtering view): every task it yields fails, so {@code invokeAny} fails, as the JDK's does,
     * counting what it iterated. It waited for the failures of tasks that never came.
     */
    @Test
    void invokeAnyCountsTheTasksItIteratesNotTheAnnouncedSize() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            Callable<String> failing = () -> {
                throw new IllegalStateException("boom");
            };
            Collection<Callable<String>> twoOfThree = new AbstractCollection<>() {
                @Override
                public Iterator<Callable<String>> iterator() {
                    return List.of(failing, failing).iterator();
                }

                @Override
                public int size() {
                    return 3;
                }
            };
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> runtime.invokeAny(twoOfThree, Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .withCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void invokeAnyWhenEveryTaskFailsThrowsExecutionException() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            Callable<String> failing = () -> {
                throw new IllegalStateException("no");
            };
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> runtime.invokeAny(List.of(failing, failing)))
                    .withCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void timedInvokeAnyWhenEveryTaskFailsThrowsExecutionException() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            Callable<String> failing = () -> {
                throw new IllegalStateException("no");
            };
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> runtime.invokeAny(List.of(failing, failing),
                            Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .withCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void timedInvokeAnyReturnsTheResultOfATaskThatSucceeded() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build()) {
            List<Callable<String>> single = List.of(() -> "yes");
            assertThat(runtime.invokeAny(single, Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("yes");
        }
    }

    @Test
    void timedInvokeAnyThrowsTimeoutExceptionAndCancelsTheTasks() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        Callable<String> stuck = () -> {
            started.incrementAndGet();
            try {
                new CountDownLatch(1).await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                return "never";
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        };
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build();
        try (runtime) {
            assertThatExceptionOfType(TimeoutException.class).isThrownBy(
                    () -> runtime.invokeAny(List.of(stuck, stuck), Waits.SHORT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertThat(interrupted.get()).as("every task that started was cancelled with an interrupt")
                .isEqualTo(started.get());
    }

    /**
     * {@code invokeAny} waits on one of the runtime's own stages, so a worker that calls it helps
     * run the candidates: at parallelism 1, with no compensation, it still completes.
     */
    @Test
    void invokeAnyFromInsideATaskHelpsInsteadOfBlockingTheOnlyWorker() throws Exception {
        List<Callable<String>> tasks = List.of(() -> "inner", () -> "other");
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            TaskHandle<String> outer = runtime.spawn(() -> runtime.invokeAny(tasks));

            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isIn("inner", "other");
        }
    }
}
