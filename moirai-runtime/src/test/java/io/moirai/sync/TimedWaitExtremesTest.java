package io.moirai.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every timed wait of {@code io.moirai.sync} at the extremes of its timeout. A timeout of zero or
 * less ({@link Long#MIN_VALUE} included, which a deadline computed as {@code nanoTime() + nanos}
 * would wrap into a wait of centuries) must not wait: it fails at once when the resource is
 * taken and succeeds at once when it is free. {@link Long#MAX_VALUE} nanoseconds, and
 * {@code Long.MAX_VALUE} days (which {@link TimeUnit#toNanos} saturates to the same), must wait,
 * not wrap into a negative timeout, and succeed when another thread frees the resource.
 *
 * <p>The waiting thread is checked to be parked, not finished, before the resource is freed, so
 * that a wait that returned early fails the test instead of passing it by luck. Run with
 * {@code ./mvnw -pl moirai-runtime -am test -Dtest=TimedWaitExtremesTest}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TimedWaitExtremesTest {

    /** Far more than a call that does not wait needs, even on a loaded 2-core machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    /** A timeout as a timed method receives it. */
    record Patience(String name, long timeout, TimeUnit unit) {
        @Override
        public String toString() {
            return name + " " + unit;
        }
    }

    static List<Patience> noWait() {
        return List.of(
                new Patience("Long.MIN_VALUE", Long.MIN_VALUE, TimeUnit.NANOSECONDS),
                new Patience("Long.MIN_VALUE", Long.MIN_VALUE, TimeUnit.DAYS),
                new Patience("-1", -1L, TimeUnit.NANOSECONDS),
                new Patience("0", 0L, TimeUnit.NANOSECONDS));
    }

    static List<Patience> forever() {
        return List.of(
                new Patience("Long.MAX_VALUE", Long.MAX_VALUE, TimeUnit.NANOSECONDS),
                new Patience("Long.MAX_VALUE", Long.MAX_VALUE, TimeUnit.DAYS));
    }

    /**
     * One timed method on a resource that a test can free.
     */
    interface Fixture {

        /** Calls the timed method; true if it got the resource, false if it timed out. */
        boolean attempt(long timeout, TimeUnit unit) throws Exception;

        /** Frees the resource; called by a thread other than the one in {@link #attempt}. */
        void free() throws Exception;

        /** Gives back what the fixture's own threads hold. */
        default void close() throws Throwable {
        }
    }

    /** A timed method: how to set it up with its resource taken, and free (null if it has no free state). */
    record TimedMethod(String name, Supplier<Fixture> taken, Supplier<Fixture> free) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<TimedMethod> methods() {
        return List.of(
                mutex("Mutex.tryLock", false),
                mutex("Mutex(fair).tryLock", true),
                rwLock("RwLock.readLock().tryLock", false, RwLock::readLock, RwLock::writeLock),
                rwLock("RwLock.writeLock().tryLock", false, RwLock::writeLock, RwLock::readLock),
                rwLock("RwLock(fair).readLock().tryLock", true, RwLock::readLock, RwLock::writeLock),
                rwLock("RwLock(fair).writeLock().tryLock", true, RwLock::writeLock, RwLock::writeLock),
                new TimedMethod("Semaphore.tryAcquire(timeout)",
                        () -> semaphore(new Semaphore(0), 1), () -> semaphore(new Semaphore(1), 1)),
                new TimedMethod("Semaphore(fair).tryAcquire(timeout)",
                        () -> semaphore(new Semaphore(0, true), 1), () -> semaphore(new Semaphore(1, true), 1)),
                new TimedMethod("Semaphore.tryAcquire(2, timeout)",
                        () -> semaphore(new Semaphore(1), 2), () -> semaphore(new Semaphore(2), 2)),
                new TimedMethod("Latch.await", () -> latch(new Latch(1)), () -> latch(new Latch(0))),
                new TimedMethod("WaitGroup.await", () -> waitGroup(1), () -> waitGroup(0)),
                new TimedMethod("Barrier.await", () -> barrier(new Barrier(2)), () -> barrier(new Barrier(1))),
                new TimedMethod("Mutex condition await(time, unit)",
                        () -> condition(new Mutex(), false), null),
                new TimedMethod("Mutex condition awaitNanos", () -> condition(new Mutex(), true), null),
                new TimedMethod("RwLock write-lock condition await(time, unit)",
                        () -> condition(new RwLock().writeLock(), false), null));
    }

    static Stream<Arguments> takenAndNoWait() {
        return methods().stream().flatMap(m -> noWait().stream().map(p -> Arguments.of(m, p)));
    }

    static Stream<Arguments> takenAndForever() {
        return methods().stream().flatMap(m -> forever().stream().map(p -> Arguments.of(m, p)));
    }

    static Stream<Arguments> freeAndAnyTimeout() {
        return methods().stream().filter(m -> m.free() != null)
                .flatMap(m -> Stream.concat(noWait().stream(), forever().stream()).map(p -> Arguments.of(m, p)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("takenAndNoWait")
    void aTimeoutOfZeroOrLessFailsAtOnceWhenTheResourceIsTaken(TimedMethod method, Patience p) throws Throwable {
        Fixture f = method.taken().get();
        try {
            boolean got = assertTimeoutPreemptively(PROMPTLY, () -> f.attempt(p.timeout(), p.unit()),
                    () -> method + " waited for a timeout of " + p);
            assertThat(got).as("the resource is taken").isFalse();
        } finally {
            f.close();
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("freeAndAnyTimeout")
    void anyTimeoutSucceedsAtOnceWhenTheResourceIsFree(TimedMethod method, Patience p) throws Throwable {
        Fixture f = method.free().get();
        try {
            boolean got = assertTimeoutPreemptively(PROMPTLY, () -> f.attempt(p.timeout(), p.unit()),
                    () -> method + " waited for a free resource with a timeout of " + p);
            assertThat(got).as("the resource is free").isTrue();
        } finally {
            f.close();
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("takenAndForever")
    void theLongestTimeoutWaitsUntilAnotherThreadFreesTheResource(TimedMethod method, Patience p) throws Throwable {
        Fixture f = method.taken().get();
        try {
            AtomicBoolean got = new AtomicBoolean();
            Actor waiter = Actor.start(() -> got.set(f.attempt(p.timeout(), p.unit())));
            awaitParkedOrEnded(waiter);
            assertThat(waiter.thread().isAlive()).as("%s with %s returned before the resource was freed", method, p)
                    .isTrue();

            f.free();

            waiter.join();
            assertThat(got).as("the resource was freed").isTrue();
        } finally {
            f.close();
        }
    }

    /** Waits until the thread parks, or ends (a wait that returned early, which the caller reports). */
    private static void awaitParkedOrEnded(Actor actor) {
        Thread t = actor.thread();
        await().atMost(Actor.LONG).until(() -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
        });
    }

    // ------------------------------------------------------------ fixtures

    private static TimedMethod mutex(String name, boolean fair) {
        return new TimedMethod(name, () -> {
            Mutex mutex = new Mutex(fair);
            return lock(mutex, mutex);
        }, () -> lock(new Mutex(fair), null));
    }

    /** {@code target.tryLock(time, unit)}; taken means another thread holds {@code blocker}. */
    private static TimedMethod rwLock(String name, boolean fair, Function<RwLock, Lock> target,
                                      Function<RwLock, Lock> blocker) {
        return new TimedMethod(name, () -> {
            RwLock rw = new RwLock(fair);
            return lock(target.apply(rw), blocker.apply(rw));
        }, () -> lock(target.apply(new RwLock(fair)), null));
    }

    /** {@code target.tryLock(time, unit)} while a {@link Holder} holds {@code blocker}, if not null. */
    private static Fixture lock(Lock target, Lock blocker) {
        Holder holder = blocker == null ? null : new Holder(blocker::lock, blocker::unlock);
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                boolean got = target.tryLock(timeout, unit);
                if (got) {
                    target.unlock();
                }
                return got;
            }

            @Override
            public void free() {
                holder.release();
            }

            @Override
            public void close() throws Throwable {
                if (holder != null) {
                    holder.close();
                }
            }
        };
    }

    private static Fixture semaphore(Semaphore semaphore, int permits) {
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return permits == 1 ? semaphore.tryAcquire(timeout, unit) : semaphore.tryAcquire(permits, timeout, unit);
            }

            @Override
            public void free() {
                semaphore.release(permits);
            }
        };
    }

    private static Fixture latch(Latch latch) {
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return latch.await(timeout, unit);
            }

            @Override
            public void free() {
                latch.countDown();
            }
        };
    }

    private static Fixture waitGroup(int pending) {
        WaitGroup group = new WaitGroup();
        group.add(pending);
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return group.await(timeout, unit);
            }

            @Override
            public void free() {
                group.done();
            }
        };
    }

    /** Taken: the other parties have not arrived; freed by the last party arriving. */
    private static Fixture barrier(Barrier barrier) {
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws Exception {
                try {
                    barrier.await(timeout, unit);
                    return true;
                } catch (TimeoutException e) {
                    assertThat(barrier.isBroken()).as("a timed-out party breaks the barrier").isTrue();
                    return false;
                }
            }

            @Override
            public void free() throws Exception {
                barrier.await(Actor.LONG.toSeconds(), TimeUnit.SECONDS);
            }
        };
    }

    /**
     * A condition of {@code lock}, awaited with {@code await(time, unit)} or {@code awaitNanos};
     * it has no free state, since a wait on a condition always waits for a signal.
     */
    private static Fixture condition(Lock lock, boolean nanos) {
        Condition condition = lock.newCondition();
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                lock.lock();
                try {
                    return nanos ? condition.awaitNanos(unit.toNanos(timeout)) > 0L : condition.await(timeout, unit);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void free() {
                lock.lock();
                try {
                    condition.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** A thread that takes a resource, holds it until {@link #release()}, then gives it back. */
    private static final class Holder {

        private final CountDownLatch release = new CountDownLatch(1);
        private final Actor actor;

        Holder(Actor.Body take, Actor.Body giveBack) {
            CountDownLatch taken = new CountDownLatch(1);
            actor = Actor.start(() -> {
                take.run();
                taken.countDown();
                try {
                    release.await();
                } finally {
                    giveBack.run();
                }
            });
            try {
                assertThat(taken.await(Actor.LONG.toSeconds(), TimeUnit.SECONDS)).as("the holder took the resource")
                        .isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void release() {
            release.countDown();
        }

        /** Releases the resource and waits for the holder to give it back. */
        void close() throws Throwable {
            release();
            actor.join();
        }
    }
}
