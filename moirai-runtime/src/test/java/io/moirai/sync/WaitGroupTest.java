package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link WaitGroup}: counting, reuse, generations and failure paths. */
class WaitGroupTest {

    @Test
    void awaitReturnsWhenTheCounterReachesZero() throws Throwable {
        WaitGroup group = new WaitGroup();
        group.await();
        group.add(2);
        Actor waiter = Actor.start(group::await).awaitParked();
        group.done();
        assertThat(group.count()).isEqualTo(1);
        group.done();
        waiter.join();
        assertThat(group.toString()).endsWith("[Count = 0]");
    }

    @Test
    void goingNegativeThrowsAndLeavesTheCounterUnchanged() {
        WaitGroup group = new WaitGroup();
        assertThatThrownBy(group::done).isInstanceOf(IllegalStateException.class);
        group.add(2);
        assertThatThrownBy(() -> group.add(-3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("negative");
        assertThat(group.count()).isEqualTo(2);
        assertThatThrownBy(() -> group.add(Integer.MAX_VALUE)).isInstanceOf(IllegalStateException.class);
        assertThat(group.count()).isEqualTo(2);
    }

    @Test
    void isReusableAfterReachingZero() throws Throwable {
        WaitGroup group = new WaitGroup();
        for (int round = 0; round < 3; round++) {
            group.add(1);
            Actor waiter = Actor.start(group::await).awaitParked();
            group.done();
            waiter.join();
        }
    }

    @Test
    void aWaiterIsReleasedByTheZeroItWaitedForEvenIfTheCounterRisesAgain() throws Throwable {
        WaitGroup group = new WaitGroup();
        group.add(1);
        Actor waiter = Actor.start(group::await).awaitParked();
        group.done();
        group.add(1);   // a new generation starts, almost always before the waiter has woken up
        waiter.join();
        assertThat(group.count()).isEqualTo(1);
    }

    /**
     * A waiter that read the counter of one generation and reaches the wait only after that
     * generation has ended and waiters of the next one already wait is released at once, by the
     * zero it waited for. With one wait queue for all generations (the earlier design) it queued
     * behind the next generation's waiter, which the queue re-checks first, and stayed parked
     * until the next zero; a port of the JSR-166 TCK found it by pausing a waiter in the queue
     * code at that point.
     */
    @Test
    void aLateWaiterOfAnEndedGenerationIsNotHeldByTheNextOne() throws Throwable {
        WaitGroup group = new WaitGroup();
        group.add(1);
        WaitGroup.Round seen = group.currentRound();   // await's read, before the generation ends
        group.done();
        group.add(1);                                  // the next generation
        Actor next = Actor.start(group::await).awaitParked();
        Actor late = Actor.start(() -> group.awaitEnd(seen));
        late.join();                                   // would wait for the next zero
        assertThat(next.thread().isAlive()).isTrue();
        group.done();
        next.join();
    }

    @Test
    void timeoutsAndInterrupts() throws Throwable {
        WaitGroup group = new WaitGroup();
        assertThat(group.await(0, TimeUnit.SECONDS)).isTrue();
        group.add(1);
        long start = System.nanoTime();
        assertThat(group.await(10, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
        Thread.currentThread().interrupt();
        assertThatThrownBy(group::await).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        Actor waiter = Actor.start(() -> assertThatThrownBy(group::await).isInstanceOf(InterruptedException.class))
                .awaitParked();
        waiter.interrupt();
        waiter.join();
        assertThatThrownBy(() -> group.await(1, null)).isInstanceOf(NullPointerException.class);
    }
}
