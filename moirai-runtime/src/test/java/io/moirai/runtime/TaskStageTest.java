package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task keeps its outcome to itself until its handle is used as a {@code CompletableFuture};
 * these tests check that every way of using it sees the same ending, whenever it starts.
 */
class TaskStageTest {

    private final MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(2).build();

    @AfterEach
    void close() {
        runtime.close();
    }

    /** A method of CompletableFuture left to its own code would read a result nobody stored. */
    @Test
    void everyResultReadingMethodOfCompletableFutureBindsFirst() {
        Set<String> noResultAccess = Set.of("newIncompleteFuture()", "defaultExecutor()");
        List<String> missed = new ArrayList<>();
        for (Method m : CompletableFuture.class.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if (!Modifier.isPublic(mod) || Modifier.isStatic(mod) || m.isBridge()) {
                continue;
            }
            String signature = m.getName() + "(" + String.join(",", java.util.Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
            if (noResultAccess.contains(signature)) {
                continue;
            }
            try {
                Class<?> declaring = RuntimeTask.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass();
                if (declaring != TaskStage.class && declaring != RuntimeTask.class) {
                    missed.add(signature + " in " + declaring.getSimpleName());
                }
            } catch (NoSuchMethodException e) {
                missed.add(signature);
            }
        }
        assertThat(missed).isEmpty();
    }

    @Test
    void joinAndGetReadTheOutcomeOfEveryKindOfEnding() throws Exception {
        TaskHandle<String> value = runtime.spawn(() -> "v");
        TaskHandle<String> none = runtime.spawn(() -> null);
        TaskHandle<String> failed = runtime.spawn(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(value.join()).isEqualTo("v");
        assertThat(value.get()).isEqualTo("v");
        assertThat(value.get(1, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(none.join()).isNull();
        assertThat(none.get()).isNull();
        assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(failed.isDone()).isTrue();
        assertThat(failed.state()).isEqualTo(Future.State.FAILED);
        assertThat(failed.exceptionNow()).isInstanceOf(IllegalStateException.class);
        assertThat(value.resultNow()).isEqualTo("v");
        assertThat(value.state()).isEqualTo(Future.State.SUCCESS);
        assertThat(((CompletableFuture<String>) value.toCompletableFuture()).getNow("absent")).isEqualTo("v");
    }

    @Test
    void aDependentAddedAfterTheEndStillRuns() {
        TaskHandle<Integer> handle = runtime.spawn(() -> 20);
        assertThat(handle.join()).isEqualTo(20);
        assertThat(handle.thenApply(v -> v + 1).toCompletableFuture().join()).isEqualTo(21);
        assertThat(handle.toCompletableFuture().isDone()).isTrue();
        assertThat(handle.toCompletableFuture().complete(99)).isFalse();
        assertThat(handle.join()).isEqualTo(20);
    }

    @Test
    void aValueGivenByTheUserWinsOverARunThatHasNotStarted() throws Exception {
        try (MoiraiRuntime oneBlocking = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            TaskHandle<Void> blocker = oneBlocking.spawnBlocking(() -> {
                release.await();
                return null;
            });
            AtomicInteger runs = new AtomicInteger();
            TaskHandle<String> handle = oneBlocking.spawnBlocking(() -> {
                runs.incrementAndGet();
                return "ran";
            });
            assertThat(handle.toCompletableFuture().complete("given")).isTrue();
            release.countDown();
            blocker.get(5, TimeUnit.SECONDS);
            assertThat(handle.join()).isEqualTo("given");
            assertThat(handle.get()).isEqualTo("given");
            oneBlocking.shutdown();
            assertThat(oneBlocking.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.get()).isZero(); // done before it started: the runtime does not run it
            assertThat(oneBlocking.snapshot().completed()).isEqualTo(2);
        }
    }

    @Test
    void obtrudingReplacesTheOutcomeForEveryReader() {
        TaskHandle<String> handle = runtime.spawn(() -> "v");
        handle.join();
        handle.toCompletableFuture().obtrudeValue("w");
        assertThat(handle.join()).isEqualTo("w");
        assertThat(handle.toCompletableFuture().getNow(null)).isEqualTo("w");
    }

    @Test
    void aCancelledTaskReadsCancelledEverywhere() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        TaskHandle<String> handle = runtime.spawnBlocking(() -> {
            started.countDown();
            Thread.sleep(60_000);
            return "late";
        });
        started.await();
        assertThat(handle.cancel(true)).isTrue();
        assertThat(handle.isDone()).isTrue();
        assertThat(handle.isCancelled()).isTrue();
        assertThatThrownBy(handle::join).isInstanceOf(CancellationException.class);
        assertThatThrownBy(handle::get).isInstanceOf(CancellationException.class);
        assertThat(handle.state()).isEqualTo(Future.State.CANCELLED);
    }

    /** As CompletableFuture's toString: an identity, then the status; here with the task's class and name. */
    @Test
    void toStringShowsTheTaskAndItsStatus() throws Exception {
        TaskHandle<Integer> named = runtime.spawn(() -> 1, TaskOptions.defaults().withName("sum"));
        named.get(5, TimeUnit.SECONDS);
        String hash = Integer.toHexString(named.hashCode());
        assertThat(named.toString()).isEqualTo("CallableTask@" + hash + "[sum][Completed normally]");
        CountDownLatch release = new CountDownLatch(1);
        TaskHandle<Integer> pending = runtime.spawnBlocking(() -> {
            release.await();
            return 2;
        });
        assertThat(pending.toString()).isEqualTo("CallableTask@" + Integer.toHexString(pending.hashCode()) + "[Not completed]");
        release.countDown();
        assertThat(pending.get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /** Many handles, each raced by a thread that binds it (a dependent) while it ends. */
    @Test
    void dependentsRacingTheEndAreNeverLost() throws Exception {
        int n = 20_000;
        AtomicInteger fired = new AtomicInteger();
        AtomicReference<Throwable> wrong = new AtomicReference<>();
        List<CompletableFuture<?>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int expected = i;
            TaskHandle<Integer> handle = runtime.spawn(() -> expected);
            dependents.add(handle.whenComplete((v, failure) -> {
                if (failure != null || v != expected) {
                    wrong.compareAndSet(null, new AssertionError("task " + expected + " gave " + v + " / " + failure));
                }
                fired.incrementAndGet();
            }).toCompletableFuture());
        }
        CompletableFuture.allOf(dependents.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(wrong.get()).isNull();
        assertThat(fired.get()).isEqualTo(n);
    }
}
