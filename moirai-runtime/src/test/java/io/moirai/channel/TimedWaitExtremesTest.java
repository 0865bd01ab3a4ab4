package io.moirai.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every timed send, receive and select at the extremes of its timeout. A timeout of zero or less
 * ({@link Long#MIN_VALUE} included, which a deadline computed as {@code nanoTime() + nanos}
 * wraps into a wait of centuries) must not wait: the operation fails at once when it cannot
 * proceed and succeeds at once when it can. {@link Long#MAX_VALUE} nanoseconds, and
 * {@code Long.MAX_VALUE} days (which {@link TimeUnit#toNanos} saturates to the same), must
 * wait, not wrap into a negative timeout, and succeed when another thread lets it proceed.
 *
 * <p>The waiting thread is checked to be parked, not finished, before the counterpart acts, so
 * that a wait that returned early fails the test instead of passing it by luck. Run with
 * {@code ./mvnw -pl moirai-runtime -am test -Dtest=io.moirai.channel.TimedWaitExtremesTest}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TimedWaitExtremesTest {

    /** Far more than a call that does not wait needs, even on a loaded 2-core machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    private static final Duration LONG = Duration.ofSeconds(30);

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

    /** One timed operation on a channel that a counterpart can let proceed. */
    interface Fixture {

        /** Calls the timed operation; true if it sent or received, false if it timed out. */
        boolean attempt(long timeout, TimeUnit unit) throws Exception;

        /** Lets the operation proceed; called by a thread other than the one in {@link #attempt}. */
        void unblock() throws Exception;

        /** Ends what the fixture's own threads do. */
        default void close() throws Exception {
        }
    }

    /** A timed operation: how to set it up blocked, and ready (null if it has no ready state). */
    record TimedOperation(String name, Supplier<Fixture> blocked, Supplier<Fixture> ready) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<TimedOperation> operations() {
        return List.of(
                new TimedOperation("bounded send", () -> bufferedSend(withOne(Channels.bounded(1))),
                        () -> bufferedSend(Channels.bounded(1))),
                new TimedOperation("rendezvous send", () -> bufferedSend(Channels.rendezvous()),
                        TimedWaitExtremesTest::rendezvousSendToAWaitingReceiver),
                receive("bounded receive", () -> Channels.bounded(1)),
                receive("unbounded receive", Channels::unbounded),
                receive("oneshot receive", Channels::oneshot),
                new TimedOperation("rendezvous receive", () -> bufferedReceive(Channels.rendezvous()),
                        TimedWaitExtremesTest::rendezvousReceiveFromAWaitingSender),
                new TimedOperation("broadcast send", () -> broadcastSend(true), () -> broadcastSend(false)),
                new TimedOperation("broadcast subscription receive", () -> subscriptionReceive(false),
                        () -> subscriptionReceive(true)),
                new TimedOperation("select with a receive case", () -> selectReceive(Channels.bounded(1)),
                        () -> selectReceive(withOne(Channels.bounded(1)))),
                new TimedOperation("select with a send case", () -> selectSend(withOne(Channels.bounded(1))),
                        () -> selectSend(Channels.bounded(1))),
                new TimedOperation("select with a broadcast send case", () -> selectBroadcastSend(true),
                        () -> selectBroadcastSend(false)));
    }

    static Stream<Arguments> blockedAndNoWait() {
        return operations().stream().flatMap(o -> noWait().stream().map(p -> Arguments.of(o, p)));
    }

    static Stream<Arguments> blockedAndForever() {
        return operations().stream().flatMap(o -> forever().stream().map(p -> Arguments.of(o, p)));
    }

    static Stream<Arguments> readyAndAnyTimeout() {
        return operations().stream().filter(o -> o.ready() != null)
                .flatMap(o -> Stream.concat(noWait().stream(), forever().stream()).map(p -> Arguments.of(o, p)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("blockedAndNoWait")
    void aTimeoutOfZeroOrLessFailsAtOnceWhenTheOperationCannotProceed(TimedOperation op, Patience p) throws Exception {
        Fixture f = op.blocked().get();
        try {
            boolean done = assertTimeoutPreemptively(PROMPTLY, () -> f.attempt(p.timeout(), p.unit()),
                    () -> op + " waited for a timeout of " + p);
            assertThat(done).as("the operation cannot proceed").isFalse();
        } finally {
            f.close();
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("readyAndAnyTimeout")
    void anyTimeoutSucceedsAtOnceWhenTheOperationCanProceed(TimedOperation op, Patience p) throws Exception {
        Fixture f = op.ready().get();
        try {
            boolean done = assertTimeoutPreemptively(PROMPTLY, () -> f.attempt(p.timeout(), p.unit()),
                    () -> op + " waited, ready, with a timeout of " + p);
            assertThat(done).as("the operation can proceed").isTrue();
        } finally {
            f.close();
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("blockedAndForever")
    void theLongestTimeoutWaitsUntilAnotherThreadLetsTheOperationProceed(TimedOperation op, Patience p)
            throws Exception {
        Fixture f = op.blocked().get();
        try {
            Blocked.Async<Boolean> waiter = Blocked.start(() -> f.attempt(p.timeout(), p.unit()));
            awaitParkedOrEnded(waiter.thread());
            assertThat(waiter.thread().isAlive()).as("%s with %s returned before it could proceed", op, p).isTrue();

            f.unblock();

            assertThat(waiter.join()).as("another thread let the operation proceed").isTrue();
        } finally {
            f.close();
        }
    }

    /** Waits until the thread parks, or ends (a wait that returned early, which the caller reports). */
    private static void awaitParkedOrEnded(Thread t) {
        await().atMost(LONG).until(() -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
        });
    }

    // ------------------------------------------------------------ fixtures

    /** Puts one element in: a channel of capacity 1 is then full, and has an element to receive. */
    private static <C extends SendChannel<Integer>> C withOne(C channel) {
        assertThat(channel.trySend(0)).isTrue();
        return channel;
    }

    private static Fixture bufferedSend(Channel<Integer> channel) {
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return channel.send(1, timeout, unit);
            }

            @Override
            public void unblock() throws InterruptedException {
                assertThat(channel.receive(LONG.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            }
        };
    }

    /** A receiver waits on another thread; the send hands it the element. */
    private static Fixture rendezvousSendToAWaitingReceiver() {
        Channel<Integer> channel = Channels.rendezvous();
        Blocked.Async<Integer> receiver = Blocked.start(channel::receive);
        Blocked.untilReceivers(channel, 1);
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return channel.send(1, timeout, unit);
            }

            @Override
            public void unblock() {
                throw new UnsupportedOperationException("ready already");
            }

            @Override
            public void close() throws Exception {
                assertThat(receiver.join()).isEqualTo(1);
            }
        };
    }

    private static TimedOperation receive(String name, Supplier<Channel<Integer>> kind) {
        return new TimedOperation(name, () -> bufferedReceive(kind.get()), () -> bufferedReceive(withOne(kind.get())));
    }

    private static Fixture bufferedReceive(Channel<Integer> channel) {
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return channel.receive(timeout, unit) != null;
            }

            @Override
            public void unblock() throws InterruptedException {
                assertThat(channel.send(1, LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
        };
    }

    /** A sender waits on another thread; the receive takes its element. */
    private static Fixture rendezvousReceiveFromAWaitingSender() {
        Channel<Integer> channel = Channels.rendezvous();
        Blocked.Async<Void> sender = Blocked.start(() -> {
            channel.send(1);
            return null;
        });
        Blocked.untilSenders(channel, 1);
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return channel.receive(timeout, unit) != null;
            }

            @Override
            public void unblock() {
                throw new UnsupportedOperationException("ready already");
            }

            @Override
            public void close() throws Exception {
                sender.join();
            }
        };
    }

    /** A broadcast with one subscriber of capacity 1, full when {@code blocked}. */
    private static Fixture broadcastSend(boolean blocked) {
        BroadcastChannel<Integer> broadcast = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> subscription = broadcast.subscribe();
        if (blocked) {
            withOne(broadcast);
        }
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return broadcast.send(1, timeout, unit);
            }

            @Override
            public void unblock() {
                assertThat(subscription.tryReceive()).isZero();
            }
        };
    }

    /** A subscription with an element in its buffer when {@code ready}. */
    private static Fixture subscriptionReceive(boolean ready) {
        BroadcastChannel<Integer> broadcast = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> subscription = broadcast.subscribe();
        if (ready) {
            withOne(broadcast);
        }
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return subscription.receive(timeout, unit) != null;
            }

            @Override
            public void unblock() {
                assertThat(broadcast.trySend(1)).isTrue();
            }
        };
    }

    /** {@code select(timeout, unit)} with a receive case on {@code channel}. */
    private static Fixture selectReceive(Channel<Integer> channel) {
        Select<Integer> select = Select.<Integer>create().onReceive(channel, x -> x);
        return select(select, () -> assertThat(channel.trySend(1)).isTrue());
    }

    /** {@code select(timeout, unit)} with a send case on {@code channel}. */
    private static Fixture selectSend(Channel<Integer> channel) {
        Select<Integer> select = Select.<Integer>create().onSend(channel, 1, () -> 1);
        return select(select, () -> assertThat(channel.tryReceive()).isZero());
    }

    private static Fixture select(Select<Integer> select, Runnable unblock) {
        return new Fixture() {
            @Override
            public boolean attempt(long timeout, TimeUnit unit) throws InterruptedException {
                return select.select(timeout, unit).isPresent();
            }

            @Override
            public void unblock() {
                unblock.run();
            }
        };
    }

    /** {@code select(timeout, unit)} with a send case on a broadcast whose subscriber is full when {@code blocked}. */
    private static Fixture selectBroadcastSend(boolean blocked) {
        BroadcastChannel<Integer> broadcast = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> subscription = broadcast.subscribe();
        if (blocked) {
            withOne(broadcast);
        }
        Select<Integer> select = Select.<Integer>create().onSend(broadcast, 1, () -> 1);
        return select(select, () -> assertThat(subscription.tryReceive()).isZero());
    }
}
