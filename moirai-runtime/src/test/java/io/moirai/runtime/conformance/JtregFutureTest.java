package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.Lane;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import io.moirai.runtime.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime's futures, after OpenJDK's jtreg tests {@code Future/DefaultMethods},
 * {@code FutureTask/DoneTimedGetLoops}, {@code FutureTask/CancelledFutureLoops} and the
 * executor-using parts of {@code CompletableFuture/ThenComposeAsyncTest} and
 * {@code ThenComposeExceptionTest}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JtregFutureTest {

    private static MoiraiRuntime runtime() {
        return Waits.quietRuntime().parallelism(2).build();
    }

    private static final TaskOptions BLOCKING = TaskOptions.defaults().withLane(Lane.BLOCKING);

    /** DefaultMethods: state, resultNow and exceptionNow through a task's life, on both lanes and for timers. */
    @Test
    void defaultMethodsThroughTheLifecycle() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            for (int kind = 0; kind < 3; kind++) {
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Callable<String> body = () -> {
                    started.countDown();
                    release.await();
                    return "foo";
                };
                Future<String> running = switch (kind) {
                    case 0 -> runtime.spawn(body);
                    case 1 -> runtime.spawn(body, BLOCKING);
                    default -> runtime.schedule(body, 0, TimeUnit.MILLISECONDS);
                };
                Waits.await(started);
                assertThat(running.state()).isEqualTo(Future.State.RUNNING);
                assertThatThrownBy(running::resultNow).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(running::exceptionNow).isInstanceOf(IllegalStateException.class);
                release.countDown();
                assertThat(running.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("foo");
                assertThat(running.state()).isEqualTo(Future.State.SUCCESS);
                assertThat(running.resultNow()).isEqualTo("foo");
                assertThatThrownBy(running::exceptionNow).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void defaultMethodsOfFailedAndCancelledTasks() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            for (TaskOptions options : List.of(TaskOptions.defaults(), BLOCKING)) {
                IllegalStateException boom = new IllegalStateException("boom");
                TaskHandle<String> failed = runtime.spawn(() -> {
                    throw boom;
                }, options);
                assertThat(catchThrowable(failed::get)).isInstanceOf(ExecutionException.class).hasCause(boom);
                assertThat(failed.state()).isEqualTo(Future.State.FAILED);
                assertThat(failed.exceptionNow()).isSameAs(boom);
                assertThatThrownBy(failed::resultNow).isInstanceOf(IllegalStateException.class);

                CancellationException thrownNotCancelled = new CancellationException("thrown");
                TaskHandle<String> threw = runtime.spawn(() -> {
                    throw thrownNotCancelled;
                }, options);
                assertThat(catchThrowable(threw::get)).isInstanceOf(ExecutionException.class).hasCause(thrownNotCancelled);
                assertThat(threw.isCancelled()).isFalse();
                assertThat(threw.state()).isEqualTo(Future.State.FAILED);
                assertThat(threw.exceptionNow()).isSameAs(thrownNotCancelled);

                CompletionException completion = new CompletionException(boom);
                TaskHandle<String> threwCompletion = runtime.spawn(() -> {
                    throw completion;
                }, options);
                assertThat(catchThrowable(threwCompletion::get)).isInstanceOf(ExecutionException.class).hasCause(completion);
                assertThat(threwCompletion.state()).isEqualTo(Future.State.FAILED);
                assertThat(threwCompletion.exceptionNow()).isSameAs(completion);

                CountDownLatch started = new CountDownLatch(1);
                TaskHandle<String> cancelled = runtime.spawn(() -> {
                    started.countDown();
                    new CountDownLatch(1).await();
                    return "never";
                }, options);
                Waits.await(started);
                assertThat(cancelled.cancel(true)).isTrue();
                assertThat(cancelled.isDone()).isTrue();
                assertThat(cancelled.isCancelled()).isTrue();
                assertThat(cancelled.state()).isEqualTo(Future.State.CANCELLED);
                assertThatThrownBy(cancelled::resultNow).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(cancelled::exceptionNow).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(cancelled::get).isInstanceOf(CancellationException.class);
                assertThatThrownBy(() -> cancelled.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            }
        }
    }

    /** DoneTimedGetLoops: once isDone() is true, a timed get with no time left never times out. */
    @Test
    void doneFuturesNeverTimeOut() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            AtomicInteger problems = new AtomicInteger();
            for (int round = 0; round < 2_000; round++) {
                int kind = round % 4;
                Future<Integer> f = switch (kind) {
                    case 0 -> runtime.spawn(() -> 1);
                    case 1 -> runtime.spawn(() -> {
                        throw new IllegalStateException();
                    });
                    case 2 -> runtime.spawn(() -> 1, BLOCKING);
                    default -> runtime.schedule(() -> 1, 0, TimeUnit.NANOSECONDS);
                };
                if (round % 8 == 7) {
                    f.cancel(round % 16 == 7);
                }
                while (!f.isDone()) {
                    Thread.onSpinWait();
                }
                for (long timeout : new long[] {0L, -1L, Long.MIN_VALUE}) {
                    try {
                        f.get(timeout, TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        problems.incrementAndGet();
                    } catch (ExecutionException | CancellationException expected) {
                        // an ended task
                    }
                }
            }
            assertThat(problems).hasValue(0);
        }
    }

    /** CancelledFutureLoops: tasks that contend on a lock and are cancelled with interrupts leave the lock free and the runtime whole. */
    @Test
    void cancelledTasksContendingOnALock() throws Exception {
        MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build();
        try (runtime) {
            ReentrantLock lock = new ReentrantLock();
            long[] total = new long[1];
            for (int round = 0; round < 20; round++) {
                List<Future<?>> futures = new ArrayList<>();
                CountDownLatch someStarted = new CountDownLatch(2);
                for (int i = 0; i < 8; i++) {
                    Callable<Long> body = () -> {
                        someStarted.countDown();
                        for (int k = 0; k < 20_000; k++) {
                            lock.lockInterruptibly();
                            try {
                                total[0]++;
                            } finally {
                                lock.unlock();
                            }
                        }
                        return total[0];
                    };
                    futures.add(i % 2 == 0 ? runtime.spawn(body) : runtime.spawn(body, BLOCKING));
                }
                Waits.await(someStarted);
                for (int i = 0; i < futures.size(); i += 2) {
                    futures.get(i).cancel(true);
                }
                for (Future<?> f : futures) {
                    try {
                        f.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (CancellationException | ExecutionException ended) {
                        // cancelled, or interrupted in lockInterruptibly
                    }
                    assertThat(f.isDone()).isTrue();
                }
                // a task cancelled with an interrupt is done at once, and may still be leaving the lock
                await().atMost(Waits.LONG).until(() -> !lock.isLocked());
            }
        }
        assertThat(runtime.snapshot().submitted()).isEqualTo(runtime.snapshot().completed()
                + runtime.snapshot().failed() + runtime.snapshot().cancelled());
    }

    /** ThenComposeAsyncTest / ThenComposeExceptionTest with the runtime as executor and as default executor. */
    @Test
    void composeAsyncPropagatesFailures() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            IllegalStateException boom = new IllegalStateException("boom");
            TaskHandle<String> start = runtime.spawn(() -> "a");
            CompletableFuture<String> viaFunction = start.<String>thenComposeAsync(s -> {
                throw boom;
            }).toCompletableFuture();
            assertThat(catchThrowable(viaFunction::join)).isInstanceOf(CompletionException.class).hasCause(boom);
            CompletableFuture<String> viaStage = start.<String>thenComposeAsync(s -> CompletableFuture.failedFuture(boom))
                    .toCompletableFuture();
            assertThat(catchThrowable(viaStage::join)).isInstanceOf(CompletionException.class).hasCause(boom);
            CompletableFuture<String> viaTask = start.<String>thenComposeAsync(s -> runtime.<String>spawn(() -> {
                throw boom;
            }), runtime).toCompletableFuture();
            assertThat(catchThrowable(viaTask::join)).isInstanceOf(CompletionException.class).hasCause(boom);

            AtomicBoolean onRuntime = new AtomicBoolean();
            String composed = CompletableFuture.supplyAsync(() -> "x", runtime)
                    .thenComposeAsync(s -> runtime.spawn(() -> {
                        onRuntime.set(Thread.currentThread().getName().startsWith("moirai-"));
                        return s + "y";
                    }), runtime)
                    .get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(composed).isEqualTo("xy");
            assertThat(onRuntime).isTrue();
        }
    }

    /** A dependent stage that the runtime cannot run any more ends exceptionally; it never hangs. */
    @Test
    void asyncStagesAfterShutdownCompleteExceptionally() throws Exception {
        MoiraiRuntime runtime = runtime();
        TaskHandle<String> done = runtime.spawn(() -> "a");
        done.get();
        runtime.shutdown();
        Waits.awaitTermination(runtime);
        CompletableFuture<String> applied = done.thenApplyAsync(s -> s + "b").toCompletableFuture();
        Throwable thrown = catchThrowable(() -> applied.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RejectedExecutionException.class);
        CompletableFuture<String> explicit = done.thenApplyAsync(s -> s + "b", runtime).toCompletableFuture();
        thrown = catchThrowable(() -> explicit.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> "x", runtime))
                .isInstanceOf(RejectedExecutionException.class);
    }
}
