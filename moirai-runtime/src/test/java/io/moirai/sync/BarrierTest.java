package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Barrier} against the contract of {@code CyclicBarrier}. */
class BarrierTest {

    @Test
    void tripsRunsTheActionAndIsReusable() throws Throwable {
        AtomicInteger trips = new AtomicInteger();
        Barrier barrier = new Barrier(2, trips::incrementAndGet);
        assertThat(barrier.getParties()).isEqualTo(2);
        for (int round = 1; round <= 3; round++) {
            Actor first = Actor.start(() -> assertThat(barrier.await()).isEqualTo(1)).awaitParked();
            assertThat(barrier.getNumberWaiting()).isEqualTo(1);
            assertThat(barrier.await()).isZero();
            first.join();
            assertThat(trips).hasValue(round);
            assertThat(barrier.getNumberWaiting()).isZero();
        }
        assertThat(new Barrier(1).await()).isZero();
    }

    @Test
    void invalidPartiesAndNullUnitAreRefused() {
        assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> new Barrier(-1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Barrier(2).await(1, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void timeoutBreaksTheBarrierForEveryone() throws Throwable {
        Barrier barrier = new Barrier(3);
        Actor other = Actor.start(() -> assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class))
                .awaitParked();
        long start = System.nanoTime();
        assertThatThrownBy(() -> barrier.await(10, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        other.join();
        assertThat(barrier.isBroken()).isTrue();
        assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
        barrier.reset();
        assertThat(barrier.isBroken()).isFalse();
    }

    @Test
    void interruptBreaksTheBarrier() throws Throwable {
        Barrier barrier = new Barrier(3);
        Actor other = Actor.start(() -> assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class))
                .awaitParked();
        Actor interrupted = Actor.start(() -> {
            assertThatThrownBy(barrier::await).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
        interrupted.awaitParked();
        interrupted.interrupt();
        interrupted.join();
        other.join();
        assertThat(barrier.isBroken()).isTrue();

        Barrier fresh = new Barrier(2);
        Thread.currentThread().interrupt();
        assertThatThrownBy(fresh::await).isInstanceOf(InterruptedException.class);
        assertThat(fresh.isBroken()).isTrue();
    }

    @Test
    void theActionSeesEveryPartyWaitingAndTheNextRoundStartsWithNone() throws Throwable {
        AtomicInteger seen = new AtomicInteger(-1);
        Barrier[] barrier = new Barrier[1];
        barrier[0] = new Barrier(2, () -> seen.set(barrier[0].getNumberWaiting()));
        Actor other = Actor.start(() -> barrier[0].await());
        barrier[0].await();
        other.join();
        assertThat(seen).as("waiting during the action, as CyclicBarrier counts it").hasValue(2);
        assertThat(barrier[0].getNumberWaiting()).isZero();
    }

    @Test
    void failingActionBreaksTheBarrierAndPropagatesToTheTrippingThread() throws Throwable {
        Barrier barrier = new Barrier(2, () -> {
            throw new IllegalStateException("boom");
        });
        Actor other = Actor.start(() -> assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class))
                .awaitParked();
        assertThatThrownBy(barrier::await).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        other.join();
        assertThat(barrier.isBroken()).isTrue();
    }

    @Test
    void resetBreaksWaitingParties() throws Throwable {
        Barrier barrier = new Barrier(2);
        Actor waiter = Actor.start(() -> assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class))
                .awaitParked();
        barrier.reset();
        waiter.join();
        assertThat(barrier.isBroken()).isFalse();
        Actor next = Actor.start(barrier::await).awaitParked();
        barrier.await();
        next.join();
    }
}
