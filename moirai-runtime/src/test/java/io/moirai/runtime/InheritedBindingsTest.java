package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread that inherits a blocking-lane thread's scoped values, as every thread that
 * {@code StructuredTaskScope.fork} starts does, is not that lane thread: it holds no permit, so
 * its wait for a queued blocking task must not run the task (the lane's bound), and it must not
 * touch the lane thread's record (whose task {@code cancel(true)} would then interrupt it).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InheritedBindingsTest {

    private static final long LONG_MS = 20_000;

    /** Starts {@code body} on a virtual thread with the calling thread's runtime bindings, as a fork inherits them. */
    private static Thread forkInheriting(MoiraiRuntime runtime, Runnable body) {
        InlineRun here = InlineRun.HERE.get();
        return Thread.ofVirtual().start(() -> ScopedValue.where(MoiraiRuntime.CURRENT, runtime)
                .where(InlineRun.HERE, here).run(body));
    }

    private static void awaitParked(Thread thread) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LONG_MS);
        for (Thread.State s; (s = thread.getState()) != Thread.State.WAITING && s != Thread.State.TIMED_WAITING
                && s != Thread.State.TERMINATED; ) {
            assertThat(System.nanoTime() - until).as("the forked thread parked").isNegative();
            Thread.onSpinWait();
        }
    }

    @Test
    void aForkedThreadDoesNotRunAQueuedTaskOnItsParentsPermit() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Thread> innerThread = new AtomicReference<>();
            AtomicReference<String> forkSaw = new AtomicReference<>();
            AtomicBoolean innerStartedWhileOuterRan = new AtomicBoolean();
            TaskHandle<Thread> outer = runtime.spawnBlocking(() -> {
                TaskHandle<String> inner = runtime.spawnBlocking(() -> {
                    innerThread.set(Thread.currentThread());
                    release.await(LONG_MS, TimeUnit.MILLISECONDS);
                    return "inner";
                });
                Thread fork = forkInheriting(runtime, () -> forkSaw.set(inner.join()));
                awaitParked(fork); // in its wait, or (wrongly) in the inner task it runs
                innerStartedWhileOuterRan.set(innerThread.get() != null);
                release.countDown();
                return fork;
            });
            Thread fork = outer.get(LONG_MS, TimeUnit.MILLISECONDS);
            fork.join(LONG_MS);
            assertThat(forkSaw.get()).isEqualTo("inner");
            assertThat(innerStartedWhileOuterRan).as("the inner task started while the only permit's task ran").isFalse();
            assertThat(innerThread.get()).as("the thread that ran the inner task").isNotSameAs(fork);
        }
    }

    @Test
    void cancelOfTheParentTaskStillInterruptsItsOwnThreadAfterAForkWaited() throws Exception {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).blockingConcurrency(1).build()) {
            CountDownLatch sleeping = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            AtomicReference<Thread> forkRef = new AtomicReference<>();
            TaskHandle<String> outer = runtime.spawnBlocking(() -> {
                TaskHandle<String> inner = runtime.spawnBlocking(() -> "inner");
                Thread fork = forkInheriting(runtime, inner::join);
                forkRef.set(fork);
                awaitParked(fork); // waiting for the inner task (or, wrongly, done running it)
                sleeping.countDown();
                try {
                    new CountDownLatch(1).await(LONG_MS, TimeUnit.MILLISECONDS); // until interrupted
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return "outer";
            });
            assertThat(sleeping.await(LONG_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(outer.cancel(true)).isTrue();
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("cancel(true) interrupted the task's own thread").isTrue();
            forkRef.get().join(LONG_MS);
        }
    }
}
