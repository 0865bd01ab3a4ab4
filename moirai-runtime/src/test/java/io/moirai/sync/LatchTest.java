package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Latch} against the contract of {@code CountDownLatch}. */
class LatchTest {

    @Test
    void waitersPassWhenTheCountReachesZero() throws Throwable {
        Latch latch = new Latch(2);
        Actor waiter = Actor.start(latch::await).awaitParked();
        latch.countDown();
        assertThat(latch.getCount()).isEqualTo(1);
        latch.countDown();
        waiter.join();
        latch.countDown();
        assertThat(latch.getCount()).isZero();
        latch.await();
        assertThat(latch.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(latch.toString()).endsWith("[Count = 0]");
    }

    @Test
    void negativeCountAndNullUnitAreRefused() {
        assertThatThrownBy(() -> new Latch(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new Latch(1).await(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void timedAwaitReturnsFalseNoEarlierThanTheTimeout() throws InterruptedException {
        Latch latch = new Latch(1);
        long start = System.nanoTime();
        assertThat(latch.await(10, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
    }

    @Test
    void interruptsAreReportedAndClearTheFlag() throws Throwable {
        Latch latch = new Latch(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(latch::await).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        Actor waiter = Actor.start(() -> {
            assertThatThrownBy(() -> latch.await(1, TimeUnit.MINUTES)).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }).awaitParked();
        waiter.interrupt();
        waiter.join();
    }
}
