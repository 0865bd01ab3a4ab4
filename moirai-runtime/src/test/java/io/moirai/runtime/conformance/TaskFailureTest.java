package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task that throws fails its own handle with the exception as cause; a task given to
 * {@code execute} reports to the uncaught-exception handler; no failure costs a worker.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskFailureTest {

    /**
     * A body that throws {@link CancellationException} itself, directly or by joining a task that
     * was cancelled, failed; it was not cancelled. As with {@code FutureTask} and
     * {@code CompletableFuture.supplyAsync}: {@code get()} throws {@link ExecutionException} with
     * it as the cause, {@code isCancelled()} is false, the state is {@code FAILED}, and the
     * snapshot counts it failed.
     */
    @Test
    void aCancellationExceptionThrownByTheTaskItselfIsAFailureNotACancellation() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            CancellationException thrown = new CancellationException("thrown by the body");
            TaskHandle<Object> direct = runtime.spawn(() -> {
                throw thrown;
            });
            TaskHandle<Object> cancelled = runtime.spawn(() -> {
                new CountDownLatch(1).await(); // until cancel(true) interrupts it
                return null;
            });
            cancelled.cancel(true);
            TaskHandle<Object> joiner = runtime.spawn(cancelled::join);
            for (TaskHandle<Object> failed : List.of(direct, joiner)) {
                assertThatExceptionOfType(ExecutionException.class)
                        .isThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                        .withCauseInstanceOf(CancellationException.class);
                assertThat(failed.isCancelled()).isFalse();
                assertThat(failed.state()).isEqualTo(Future.State.FAILED);
                assertThat(failed.exceptionNow()).isInstanceOf(CancellationException.class);
            }
            assertThat(direct.exceptionNow()).isSameAs(thrown);
            assertThat(cancelled.isCancelled()).isTrue();
            runtime.shutdown();
            assertThat(runtime.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runtime.snapshot().failed()).isEqualTo(2);
            assertThat(runtime.snapshot().cancelled()).isEqualTo(1);
        }
    }

    /**
     * A body that throws {@link CompletionException} (a {@code join()} of a future that failed,
     * say) failed with that exception, not with its cause: {@code get()}'s
     * {@link ExecutionException} carries the thrown exception itself, as {@code FutureTask}
     * reports it (the JSR-166 TCK checks the cause with {@code assertSame}); a
     * {@code CompletableFuture} left to itself would unwrap it.
     */
    @Test
    void aCompletionExceptionThrownByTheTaskIsTheCauseItself() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            CompletionException thrown = new CompletionException(new java.io.IOException("inner"));
            TaskHandle<Object> direct = runtime.spawn(() -> {
                throw thrown;
            });
            Future<?> submitted = runtime.submit((Runnable) () -> {
                throw thrown;
            });
            for (Future<?> failed : List.of(direct, submitted)) {
                assertThatExceptionOfType(ExecutionException.class)
                        .isThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                        .withCause(thrown);
                assertThat(failed.exceptionNow()).isSameAs(thrown);
                assertThat(failed.state()).isEqualTo(Future.State.FAILED);
            }
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> runtime.invokeAny(List.of(() -> {
                        throw thrown;
                    })))
                    .withCause(thrown);
        }
    }

    @Test
    void failingCallableFailsGetWithExecutionExceptionCarryingTheCause() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> handle = runtime.submit(() -> {
                throw boom;
            });

            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).withCause(boom);
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(handle::get).withCause(boom);
            assertThat(handle.isDone()).isTrue();
            assertThat(handle.isCancelled()).isFalse();
        }
    }

    @Test
    void failingRunnableFailsGetWithExecutionExceptionCarryingTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<?> handle = runtime.submit((Runnable) () -> {
                throw boom;
            });

            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).withCause(boom);
        }
    }

    @Test
    void checkedExceptionReachesTheCallerAsTheCause() {
        Exception checked = new IOException("disk");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> cpu = runtime.spawn(() -> {
                throw checked;
            });
            TaskHandle<String> blocking = runtime.spawnBlocking(() -> {
                throw checked;
            });

            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> cpu.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).withCause(checked);
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> blocking.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).withCause(checked);
        }
    }

    @Test
    void joinRethrowsTheFailureAsCompletionException() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            TaskHandle<String> handle = runtime.spawn(() -> {
                throw boom;
            });

            assertThatExceptionOfType(CompletionException.class).isThrownBy(handle::join).withCause(boom);
        }
    }

    @Test
    void errorThrownByATaskFailsItsHandleAndSparesTheWorker() throws Exception {
        AssertionError error = new AssertionError("an error, not an exception");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build()) {
            AtomicReference<Thread> failedOn = new AtomicReference<>();
            TaskHandle<String> failing = runtime.spawn(() -> {
                failedOn.set(Thread.currentThread());
                throw error;
            });
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> failing.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).withCause(error);

            TaskHandle<Thread> next = runtime.spawn(Thread::currentThread);
            assertThat(next.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(failedOn.get());
        }
    }

    @Test
    void executeFailureReachesTheHandlerAndTheWorkerRunsTheNextTask() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        List<Thread> reportedOn = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        RuntimeException boom = new RuntimeException("from execute");
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1)
                .uncaughtExceptionHandler((thread, failure) -> {
                    reportedOn.add(thread);
                    reported.add(failure);
                    handled.countDown();
                })
                .build()) {
            AtomicReference<Thread> failedOn = new AtomicReference<>();
            runtime.execute(() -> {
                failedOn.set(Thread.currentThread());
                throw boom;
            });
            Waits.await(handled);

            TaskHandle<Thread> next = runtime.spawn(Thread::currentThread);
            Thread survivor = next.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(reported).containsExactly(boom);
            assertThat(reportedOn).containsExactly(failedOn.get());
            assertThat(survivor).as("the same worker ran the next task").isSameAs(failedOn.get());
            assertThat(survivor.isAlive()).isTrue();
            assertThat(runtime.snapshot().failed()).isEqualTo(1);
        }
    }

    @Test
    void manyExecuteFailuresNeverShrinkThePool() throws Exception {
        CountDownLatch handled = new CountDownLatch(50);
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2)
                .uncaughtExceptionHandler((thread, failure) -> handled.countDown())
                .build()) {
            for (int i = 0; i < 50; i++) {
                runtime.execute(() -> {
                    throw new IllegalStateException("again");
                });
            }
            Waits.await(handled);

            assertThat(runtime.snapshot().workers()).hasSize(2);
            assertThat(runtime.spawn(() -> "alive").get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo("alive");
        }
    }
}
