package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Once}: exactly one successful run, waiting callers, the exception semantics. */
class OnceTest {

    @Test
    void runsTheActionOnce() {
        Once once = new Once();
        AtomicInteger runs = new AtomicInteger();
        assertThat(once.isDone()).isFalse();
        once.run(runs::incrementAndGet);
        once.run(runs::incrementAndGet);
        assertThat(runs).hasValue(1);
        assertThat(once.isDone()).isTrue();
        assertThat(once.toString()).endsWith("[done]");
    }

    @Test
    void nullActionIsRefused() {
        assertThatThrownBy(() -> new Once().run(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("action");
    }

    @Test
    void concurrentCallerWaitsForTheRunningAction() throws Throwable {
        Once once = new Once();
        CountDownLatch inside = new CountDownLatch(1);
        Latch finish = new Latch(1);
        AtomicInteger runs = new AtomicInteger();
        Actor runner = Actor.start(() -> once.run(() -> {
            inside.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            runs.incrementAndGet();
        }));
        inside.await();
        Actor waiter = Actor.start(() -> {
            once.run(runs::incrementAndGet);
            assertThat(once.isDone()).isTrue();
        }).awaitParked();
        finish.countDown();
        runner.join();
        waiter.join();
        assertThat(runs).hasValue(1);
    }

    @Test
    void failedActionPropagatesCachesNothingAndAWaiterRetries() throws Throwable {
        Once once = new Once();
        CountDownLatch inside = new CountDownLatch(1);
        Latch fail = new Latch(1);
        Actor runner = Actor.start(() -> assertThatThrownBy(() -> once.run(() -> {
            inside.countDown();
            try {
                fail.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            throw new IllegalStateException("first try fails");
        })).isInstanceOf(IllegalStateException.class).hasMessage("first try fails"));
        inside.await();
        AtomicInteger retries = new AtomicInteger();
        Actor waiter = Actor.start(() -> once.run(retries::incrementAndGet)).awaitParked();
        fail.countDown();
        runner.join();
        waiter.join();
        assertThat(retries).hasValue(1);
        assertThat(once.isDone()).isTrue();
    }

    @Test
    void recursiveRunFailsFast() {
        Once once = new Once();
        assertThatThrownBy(() -> once.run(() -> once.run(() -> { })))
                .isInstanceOf(IllegalStateException.class);
        assertThat(once.isDone()).isFalse();
        once.run(() -> { });
        assertThat(once.isDone()).isTrue();
    }

    @Test
    void waitingIsUninterruptibleAndReassertsTheFlag() throws Throwable {
        Once once = new Once();
        CountDownLatch inside = new CountDownLatch(1);
        Latch finish = new Latch(1);
        Actor runner = Actor.start(() -> once.run(() -> {
            inside.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        inside.await();
        Actor waiter = Actor.start(() -> {
            once.run(() -> { });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(once.isDone()).isTrue();
        }).awaitParked();
        waiter.interrupt();
        finish.countDown();
        runner.join();
        waiter.join();
    }
}
