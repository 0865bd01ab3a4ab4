package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moirai.runtime.MoiraiRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code invokeAll} and {@code invokeAny}, after the scenarios of OpenJDK's jtreg tests
 * {@code ExecutorService/InvokeTest}, {@code ExecutorService/Invoke} and
 * {@code FutureTask/BlockingTaskExecutor}, run against the runtime.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JtregInvokeTest {

    static final class FooException extends Exception {
    }

    static final class BarException extends Exception {
    }

    private static MoiraiRuntime runtime() {
        return Waits.quietRuntime().parallelism(4).build();
    }

    /** A task that records its start and waits until interrupted, counting the interrupt. */
    private static Callable<String> sleeper(AtomicBoolean started, CountDownLatch interrupted) {
        return () -> {
            started.set(true);
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        };
    }

    /** Interrupts {@code target} from another thread once it parks inside {@code method}. */
    private static Thread interruptWhenParkedIn(Thread target, String method) {
        return Thread.ofPlatform().daemon().start(() -> {
            long end = System.nanoTime() + Waits.LONG.toNanos();
            while (System.nanoTime() < end) {
                Thread.State state = target.getState();
                if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                        && Arrays.stream(target.getStackTrace()).anyMatch(e -> method.equals(e.getMethodName()))) {
                    target.interrupt();
                    return;
                }
                Thread.onSpinWait();
                Thread.yield();
            }
        });
    }

    @Test
    void invokeAnyReturnsOneOfTheResults() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            String result = runtime.invokeAny(List.<Callable<String>>of(() -> "foo", () -> "bar"));
            assertThat(result).isIn("foo", "bar");
            String timed = runtime.invokeAny(List.<Callable<String>>of(() -> "foo", () -> "bar"), 1, TimeUnit.MINUTES);
            assertThat(timed).isIn("foo", "bar");
        }
    }

    @Test
    void invokeAnyInterruptsTheLosersThatStarted() throws Exception {
        for (boolean timed : new boolean[] {false, true}) {
            try (MoiraiRuntime runtime = runtime()) {
                AtomicBoolean started = new AtomicBoolean();
                CountDownLatch interrupted = new CountDownLatch(1);
                List<Callable<String>> tasks = List.of(() -> "foo", sleeper(started, interrupted));
                String result = timed ? runtime.invokeAny(tasks, 1, TimeUnit.MINUTES) : runtime.invokeAny(tasks);
                assertThat(result).isEqualTo("foo");
                if (started.get()) {
                    Waits.await(interrupted);
                }
            }
        }
    }

    @Test
    void invokeAnyWhereEveryTaskFailsThrowsExecutionException() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            CountDownLatch firstFailed = new CountDownLatch(1);
            List<Callable<String>> tasks = List.of(
                    () -> {
                        firstFailed.countDown();
                        throw new FooException();
                    },
                    () -> {
                        firstFailed.await(); // fails after the other
                        throw new FooException();
                    });
            Throwable thrown = catchThrowable(() -> runtime.invokeAny(tasks));
            assertThat(thrown).isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).isInstanceOf(FooException.class);
        }
    }

    @Test
    void invokeAnyIgnoresFailuresWhenOneTaskSucceedsLater() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            CountDownLatch failed = new CountDownLatch(1);
            List<Callable<String>> tasks = List.of(
                    () -> {
                        failed.await();
                        return "foo";
                    },
                    () -> {
                        failed.countDown();
                        throw new FooException();
                    });
            assertThat(runtime.invokeAny(tasks)).isEqualTo("foo");
        }
    }

    /**
     * As {@code AbstractExecutorService.invokeAny} and {@code FutureTask.get} report it: the
     * cause of the {@code ExecutionException} is what the task threw, even when that is a
     * {@code CompletionException} or a {@code CancellationException}.
     */
    @Test
    void invokeAnyReportsTheThrownExceptionItselfAsTheCause() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            CompletionException completion = new CompletionException(new FooException());
            Throwable thrown = catchThrowable(() -> runtime.invokeAny(List.<Callable<String>>of(() -> {
                throw completion;
            })));
            assertThat(thrown).isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).isSameAs(completion);

            CancellationException cancellation = new CancellationException("thrown, not cancelled");
            thrown = catchThrowable(() -> runtime.invokeAny(List.<Callable<String>>of(() -> {
                throw cancellation;
            })));
            assertThat(thrown).isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).isSameAs(cancellation);

            FooException foo = new FooException();
            thrown = catchThrowable(() -> runtime.invokeAny(List.<Callable<String>>of(() -> {
                throw foo;
            }), 1, TimeUnit.MINUTES));
            assertThat(thrown).isInstanceOf(ExecutionException.class);
            assertThat(thrown.getCause()).isSameAs(foo);
        }
    }

    @Test
    void timedInvokeAnyTimesOutAndInterruptsWhatStarted() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            AtomicBoolean started1 = new AtomicBoolean();
            AtomicBoolean started2 = new AtomicBoolean();
            CountDownLatch interrupted1 = new CountDownLatch(1);
            CountDownLatch interrupted2 = new CountDownLatch(1);
            assertThatThrownBy(() -> runtime.invokeAny(
                    List.of(sleeper(started1, interrupted1), sleeper(started2, interrupted2)), 100, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
            if (started1.get()) {
                Waits.await(interrupted1);
            }
            if (started2.get()) {
                Waits.await(interrupted2);
            }
        }
    }

    @Test
    void invokeAnyWithInterruptStatusSetThrowsAndClearsIt() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            for (boolean timed : new boolean[] {false, true}) {
                List<Callable<String>> tasks = List.of(
                        sleeper(new AtomicBoolean(), new CountDownLatch(1)),
                        sleeper(new AtomicBoolean(), new CountDownLatch(1)));
                Thread.currentThread().interrupt();
                try {
                    Throwable thrown = catchThrowable(() -> {
                        if (timed) {
                            runtime.invokeAny(tasks, 1, TimeUnit.MINUTES);
                        } else {
                            runtime.invokeAny(tasks);
                        }
                    });
                    assertThat(thrown).isInstanceOf(InterruptedException.class);
                    assertThat(Thread.currentThread().isInterrupted()).isFalse();
                } finally {
                    Thread.interrupted();
                }
            }
        }
    }

    @Test
    void interruptingACallerBlockedInInvokeAnyCancelsTheTasks() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            AtomicBoolean started1 = new AtomicBoolean();
            AtomicBoolean started2 = new AtomicBoolean();
            CountDownLatch interrupted1 = new CountDownLatch(1);
            CountDownLatch interrupted2 = new CountDownLatch(1);
            Thread interrupter = interruptWhenParkedIn(Thread.currentThread(), "invokeAny");
            try {
                Throwable thrown = catchThrowable(() -> runtime.invokeAny(
                        List.of(sleeper(started1, interrupted1), sleeper(started2, interrupted2))));
                assertThat(thrown).isInstanceOf(InterruptedException.class);
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            } finally {
                interrupter.join();
                Thread.interrupted();
            }
            if (started1.get()) {
                Waits.await(interrupted1);
            }
            if (started2.get()) {
                Waits.await(interrupted2);
            }
        }
    }

    @Test
    void invokeAfterShutdownIsRejected() {
        MoiraiRuntime runtime = runtime();
        runtime.shutdown();
        List<Callable<String>> tasks = List.of(() -> "foo", () -> "bar");
        assertThatThrownBy(() -> runtime.invokeAny(tasks)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> runtime.invokeAny(tasks, 1, TimeUnit.SECONDS)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> runtime.invokeAll(tasks)).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> runtime.invokeAll(tasks, 1, TimeUnit.SECONDS)).isInstanceOf(RejectedExecutionException.class);
        runtime.close();
    }

    @Test
    void emptyAndNullArguments() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            assertThatThrownBy(() -> runtime.invokeAny(List.<Callable<String>>of())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> runtime.invokeAny(List.<Callable<String>>of(), 1, TimeUnit.MINUTES))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> runtime.invokeAny(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.invokeAny(null, 1, TimeUnit.MINUTES)).isInstanceOf(NullPointerException.class);
            List<Callable<String>> withNull = new ArrayList<>();
            withNull.add(() -> "foo");
            withNull.add(null);
            assertThatThrownBy(() -> runtime.invokeAny(withNull)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.invokeAny(withNull, 1, TimeUnit.MINUTES)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.invokeAny(List.<Callable<String>>of(() -> "x"), 1, null))
                    .isInstanceOf(NullPointerException.class);

            assertThat(runtime.invokeAll(List.<Callable<Object>>of())).isEmpty();
            assertThat(runtime.invokeAll(List.<Callable<Object>>of(), 1, TimeUnit.SECONDS)).isEmpty();
            assertThatThrownBy(() -> runtime.invokeAll(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.invokeAll(null, 1, TimeUnit.SECONDS)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.invokeAll(List.<Callable<String>>of(() -> "foo"), 1, null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.invokeAll(withNull)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.invokeAll(withNull, 1, TimeUnit.SECONDS)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void invokeAllReturnsFuturesInOrderAllDone() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            CountDownLatch firstDone = new CountDownLatch(1);
            List<Callable<String>> tasks = List.of(
                    () -> {
                        firstDone.countDown();
                        return "foo";
                    },
                    () -> {
                        firstDone.await();
                        return "bar";
                    });
            List<Future<String>> futures = runtime.invokeAll(tasks);
            assertThat(futures.stream().map(Future::resultNow).toList()).containsExactly("foo", "bar");
            futures = runtime.invokeAll(tasks, 1, TimeUnit.MINUTES);
            assertThat(futures.stream().map(Future::resultNow).toList()).containsExactly("foo", "bar");

            FooException foo = new FooException();
            BarException bar = new BarException();
            List<Future<String>> failures = runtime.invokeAll(List.<Callable<String>>of(() -> {
                throw foo;
            }, () -> {
                throw bar;
            }));
            assertThat(failures).allMatch(Future::isDone);
            assertThat(failures.get(0).exceptionNow()).isSameAs(foo);
            assertThat(failures.get(1).exceptionNow()).isSameAs(bar);
            assertThat(catchThrowable(() -> failures.get(0).get())).isInstanceOf(ExecutionException.class).hasCause(foo);
            assertThat(failures.get(0).state()).isEqualTo(Future.State.FAILED);
        }
    }

    @Test
    void timedInvokeAllCancelsWhatDidNotFinish() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            AtomicBoolean started = new AtomicBoolean();
            CountDownLatch interrupted = new CountDownLatch(1);
            List<Future<String>> futures = runtime.invokeAll(
                    List.of(() -> "foo", sleeper(started, interrupted)), 200, TimeUnit.MILLISECONDS);
            assertThat(futures).hasSize(2);
            assertThat(futures.get(0).isDone()).isTrue();
            assertThat(futures.get(0).resultNow()).isEqualTo("foo");
            assertThat(futures.get(1).isCancelled()).isTrue();
            assertThat(futures.get(1).state()).isEqualTo(Future.State.CANCELLED);
            if (started.get()) {
                Waits.await(interrupted);
            }
        }
    }

    @Test
    void invokeAllWithInterruptStatusSetThrowsAndClearsIt() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            for (boolean timed : new boolean[] {false, true}) {
                CountDownLatch interrupted = new CountDownLatch(1);
                AtomicBoolean started = new AtomicBoolean();
                List<Callable<String>> tasks = List.of(() -> "foo", sleeper(started, interrupted));
                Thread.currentThread().interrupt();
                try {
                    Throwable thrown = catchThrowable(() -> {
                        if (timed) {
                            runtime.invokeAll(tasks, 1, TimeUnit.MINUTES);
                        } else {
                            runtime.invokeAll(tasks);
                        }
                    });
                    assertThat(thrown).isInstanceOf(InterruptedException.class);
                    assertThat(Thread.currentThread().isInterrupted()).isFalse();
                } finally {
                    Thread.interrupted();
                }
                if (started.get()) {
                    Waits.await(interrupted);
                }
            }
        }
    }

    @Test
    void interruptingACallerBlockedInInvokeAllCancelsTheTasks() throws Exception {
        try (MoiraiRuntime runtime = runtime()) {
            for (boolean timed : new boolean[] {false, true}) {
                AtomicBoolean started = new AtomicBoolean();
                CountDownLatch interrupted = new CountDownLatch(1);
                List<Callable<String>> tasks = List.of(() -> "foo", sleeper(started, interrupted));
                Thread interrupter = interruptWhenParkedIn(Thread.currentThread(), "invokeAll");
                try {
                    Throwable thrown = catchThrowable(() -> {
                        if (timed) {
                            runtime.invokeAll(tasks, 1, TimeUnit.MINUTES);
                        } else {
                            runtime.invokeAll(tasks);
                        }
                    });
                    assertThat(thrown).isInstanceOf(InterruptedException.class);
                    assertThat(Thread.currentThread().isInterrupted()).isFalse();
                } finally {
                    interrupter.join();
                    Thread.interrupted();
                }
                if (started.get()) {
                    Waits.await(interrupted);
                }
            }
        }
    }

    /** {@code Invoke}: invokeAll runs every task; invokeAny on one worker runs one task to its end. */
    @Test
    void invokeAnyOnOneWorkerCompletesExactlyOneTask() throws Exception {
        AtomicLong count = new AtomicLong();
        Callable<Long> inc = () -> {
            new CountDownLatch(1).await(20, TimeUnit.MILLISECONDS); // an interruptible pause, as the original's sleep
            return count.incrementAndGet();
        };
        Callable<Long> slowInc = () -> {
            new CountDownLatch(1).await(2, TimeUnit.SECONDS); // a loser that started is interrupted here
            return count.incrementAndGet();
        };
        try (MoiraiRuntime fixed = Waits.quietRuntime().parallelism(4).build()) {
            List<Future<Long>> futures = fixed.invokeAll(List.of(inc, inc, inc));
            assertThat(count.get()).isEqualTo(3);
            assertThat(futures.stream().mapToLong(Future::resultNow).sum()).isEqualTo(6);
        }
        try (MoiraiRuntime single = Waits.quietRuntime().parallelism(1).build()) {
            long before = count.get();
            assertThat(single.invokeAny(List.of(inc, slowInc, slowInc))).isEqualTo(before + 1);
            single.shutdown();
            Waits.awaitTermination(single);
            assertThat(count.get()).isEqualTo(before + 1);
        }
    }

    /** {@code BlockingTaskExecutor}: shutdownNow while invokeAll waits on blocked tasks releases the caller. */
    @Test
    void shutdownNowReleasesACallerOfInvokeAll() throws Exception {
        for (int round = 0; round < 10; round++) {
            MoiraiRuntime runtime = Waits.quietRuntime().parallelism(3).build();
            // unlike a cached thread pool, the runtime queues a task until a worker is free, and
            // shutdownNow() hands a queued task back without completing it: every task starts first
            CountDownLatch blocked = new CountDownLatch(3);
            Callable<Object> blocking = () -> {
                blocked.countDown();
                Object lock = new Object();
                synchronized (lock) {
                    while (true) {
                        lock.wait();
                    }
                }
            };
            List<Callable<Object>> tasks = List.of(blocking, blocking, () -> {
                blocked.countDown();
                return "done";
            });
            CountDownLatch returned = new CountDownLatch(1);
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    runtime.invokeAll(tasks);
                } catch (RejectedExecutionException ok) {
                    // acceptable
                } catch (Throwable t) {
                    throw new AssertionError(t);
                } finally {
                    returned.countDown();
                }
            });
            Waits.await(blocked);
            runtime.shutdownNow();
            Waits.awaitTermination(runtime);
            Waits.await(returned);
            caller.join();
        }
    }

    /** A set of results for {@code invokeAny} run from inside a task of the runtime, on one worker. */
    @Test
    void invokeAnyFromInsideATaskOnOneWorker() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).build()) {
            String result = runtime.spawn(() -> runtime.invokeAny(List.<Callable<String>>of(() -> "a", () -> "b"))).get();
            assertThat(Set.of("a", "b")).contains(result);
            List<Future<String>> all = runtime.spawn(() -> runtime.invokeAll(List.<Callable<String>>of(() -> "a", () -> "b"))).get();
            assertThat(all.stream().map(Future::resultNow).toList()).containsExactly("a", "b");
        }
    }
}
