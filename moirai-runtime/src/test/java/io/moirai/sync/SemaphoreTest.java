package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Semaphore} against the contract of {@code java.util.concurrent.Semaphore}. */
class SemaphoreTest {

    @Test
    void acquireAndReleaseCountPermits() throws InterruptedException {
        Semaphore s = new Semaphore(3);
        s.acquire();
        s.acquire(2);
        assertThat(s.availablePermits()).isZero();
        assertThat(s.tryAcquire()).isFalse();
        s.release(2);
        assertThat(s.tryAcquire(2)).isTrue();
        s.release();
        s.release(5);
        assertThat(s.availablePermits()).isEqualTo(6);
        assertThat(s.drainPermits()).isEqualTo(6);
        assertThat(s.availablePermits()).isZero();
        assertThat(s.toString()).endsWith("[Permits = 0]");
    }

    @Test
    void negativeInitialPermitsAreAllowedAndDrainResetsThem() {
        Semaphore s = new Semaphore(-2);
        assertThat(s.tryAcquire()).isFalse();
        s.release();
        assertThat(s.availablePermits()).isEqualTo(-1);
        assertThat(s.drainPermits()).isEqualTo(-1);
        assertThat(s.availablePermits()).isZero();
    }

    @Test
    void aRequestLargerThanANegativeCountFailsInsteadOfWrappingAround() throws InterruptedException {
        // -2 - Integer.MAX_VALUE wraps around to Integer.MAX_VALUE as an int.
        for (boolean fair : new boolean[] {false, true}) {
            Semaphore s = new Semaphore(-2, fair);
            assertThat(s.tryAcquire(Integer.MAX_VALUE)).isFalse();
            assertThat(s.tryAcquire(Integer.MAX_VALUE, 0, TimeUnit.SECONDS)).isFalse();
            assertThat(s.availablePermits()).isEqualTo(-2);
        }
    }

    @Test
    void negativeArgumentsAreRefused() {
        Semaphore s = new Semaphore(1);
        assertThatThrownBy(() -> s.acquire(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> s.acquireUninterruptibly(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.tryAcquire(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.tryAcquire(-1, 1, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.release(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.tryAcquire(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void overflowingReleaseThrows() {
        Semaphore s = new Semaphore(Integer.MAX_VALUE);
        assertThatThrownBy(s::release).isInstanceOf(Error.class);
        assertThat(s.availablePermits()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void waiterWakesOnRelease() throws Throwable {
        Semaphore s = new Semaphore(0);
        Actor waiter = Actor.start(() -> s.acquire(2)).awaitParked();
        assertThat(s.hasQueuedThreads()).isTrue();
        assertThat(s.getQueueLength()).isEqualTo(1);
        s.release();
        s.release();
        waiter.join();
        assertThat(s.availablePermits()).isZero();
    }

    @Test
    void interruptsAndTimeouts() throws Throwable {
        Semaphore s = new Semaphore(0, true);
        assertThat(s.isFair()).isTrue();
        Thread.currentThread().interrupt();
        assertThatThrownBy(s::acquire).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        long start = System.nanoTime();
        assertThat(s.tryAcquire(10, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        assertThat(s.tryAcquire(0, TimeUnit.SECONDS)).isFalse();

        Actor interruptible = Actor.start(() -> assertThatThrownBy(s::acquire).isInstanceOf(InterruptedException.class))
                .awaitParked();
        interruptible.interrupt();
        interruptible.join();

        Actor uninterruptible = Actor.start(() -> {
            s.acquireUninterruptibly();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        }).awaitParked();
        uninterruptible.interrupt();
        s.release();
        uninterruptible.join();
    }
}
