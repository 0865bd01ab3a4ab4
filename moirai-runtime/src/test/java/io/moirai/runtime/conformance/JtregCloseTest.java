package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.TaskHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code close()}, after the scenarios of OpenJDK's jtreg test {@code ExecutorService/CloseTest},
 * on both lanes.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JtregCloseTest {

    private static MoiraiRuntime runtime() {
        return Waits.quietRuntime().parallelism(2).build();
    }

    private static <T> TaskHandle<T> submit(MoiraiRuntime runtime, boolean blocking, Callable<T> task) {
        return blocking ? runtime.spawnBlocking(task) : runtime.spawn(task);
    }

    private static void assertClosed(MoiraiRuntime runtime) throws InterruptedException {
        assertThat(runtime.isShutdown()).isTrue();
        assertThat(runtime.isTerminated()).isTrue();
        assertThat(runtime.awaitTermination(10, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void closeWithNoTasks() throws Exception {
        MoiraiRuntime runtime = runtime();
        runtime.close();
        assertClosed(runtime);
    }

    @Test
    void closeWaitsForRunningTasks() throws Exception {
        for (boolean blocking : new boolean[] {false, true}) {
            MoiraiRuntime runtime = runtime();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            TaskHandle<String> future = submit(runtime, blocking, () -> {
                started.countDown();
                release.await();
                return "foo";
            });
            Waits.await(started);
            Thread closer = Thread.currentThread();
            Thread opener = Thread.ofPlatform().start(() -> {
                while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TIMED_WAITING) {
                    Thread.onSpinWait();
                }
                release.countDown();
            });
            runtime.close();
            opener.join();
            assertClosed(runtime);
            assertThat(future.resultNow()).isEqualTo("foo");
        }
    }

    @Test
    void closeAfterShutdownAndAfterTermination() throws Exception {
        MoiraiRuntime runtime = runtime();
        CountDownLatch started = new CountDownLatch(1);
        TaskHandle<String> future = runtime.spawn(() -> {
            started.countDown();
            new CountDownLatch(1).await(50, TimeUnit.MILLISECONDS);
            return "foo";
        });
        Waits.await(started);
        runtime.shutdown();
        runtime.close();
        assertClosed(runtime);
        assertThat(future.resultNow()).isEqualTo("foo");

        MoiraiRuntime idle = runtime();
        idle.shutdown();
        Waits.awaitTermination(idle);
        idle.close();
        assertClosed(idle);
    }

    @Test
    void closeWithInterruptStatusSetStopsTheTasksAndKeepsTheStatus() throws Exception {
        for (boolean blocking : new boolean[] {false, true}) {
            MoiraiRuntime runtime = runtime();
            CountDownLatch started = new CountDownLatch(1);
            TaskHandle<Object> future = submit(runtime, blocking, () -> {
                started.countDown();
                new CountDownLatch(1).await();
                return null;
            });
            Waits.await(started);
            Thread.currentThread().interrupt();
            try {
                runtime.close();
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertClosed(runtime);
            Throwable thrown = catchThrowable(future::get);
            assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void interruptDuringCloseStopsTheTasksAndKeepsTheStatus() throws Exception {
        for (boolean blocking : new boolean[] {false, true}) {
            MoiraiRuntime runtime = runtime();
            CountDownLatch started = new CountDownLatch(1);
            TaskHandle<Object> future = submit(runtime, blocking, () -> {
                started.countDown();
                new CountDownLatch(1).await();
                return null;
            });
            Waits.await(started);
            Thread closer = Thread.currentThread();
            Thread interrupter = Thread.ofPlatform().start(() -> {
                while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TIMED_WAITING) {
                    Thread.onSpinWait();
                }
                closer.interrupt();
            });
            try {
                runtime.close();
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted(); // first: join() would throw on the status close() restored
                interrupter.join();
            }
            assertClosed(runtime);
            Throwable thrown = catchThrowable(future::get);
            assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InterruptedException.class);
        }
    }

    /** close() from a task of the runtime cannot wait for itself: it shuts down and returns. */
    @Test
    void closeFromInsideATaskOfEitherLaneOrAStage() throws Exception {
        for (int where = 0; where < 3; where++) {
            MoiraiRuntime runtime = runtime();
            Callable<String> closing = () -> {
                runtime.close();
                return "returned";
            };
            TaskHandle<String> handle = switch (where) {
                case 0 -> runtime.spawn(closing);
                case 1 -> runtime.spawnBlocking(closing);
                default -> null;
            };
            if (handle != null) {
                assertThat(handle.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("returned");
            } else {
                TaskHandle<String> first = runtime.spawn(() -> "x");
                String result = first.thenApplyAsync(x -> {
                    runtime.close();
                    return "returned";
                }).toCompletableFuture().get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(result).isEqualTo("returned");
            }
            Waits.awaitTermination(runtime);
        }
    }
}
