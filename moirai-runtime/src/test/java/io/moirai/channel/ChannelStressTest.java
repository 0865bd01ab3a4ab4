package io.moirai.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No message lost or delivered twice: 2 producers and 2 consumers move
 * {@code moirai.stress.items} items (10^6 by default, 10^7 with {@code -Plong}), shared among the
 * scenarios, through every channel kind, with blocking send/receive, select over three
 * channels, asynchronous receives that time out and cancel, and a close in the middle of the
 * traffic; each on platform and on virtual threads.
 *
 * <p>Every item is a distinct integer; each consumer marks what it receives in one shared
 * array, and at the end every item that was sent successfully must be marked exactly once and
 * nothing else (a checksum of the received values agrees too). In the close-in-the-middle
 * scenario the sends that failed with {@link ChannelClosedException} are counted instead.
 *
 * <pre>
 * ./mvnw -q -pl moirai-runtime test -Dtest=ChannelStressTest
 * ./mvnw -q -pl moirai-runtime test -Plong -Dtest=ChannelStressTest
 * </pre>
 */
class ChannelStressTest {

    private static final int PRODUCERS = 2;
    private static final int CONSUMERS = 2;
    private static final long HANG_SECONDS = 300;

    enum Mode { BLOCKING, SELECT, ASYNC, CLOSE_MIDWAY, BROADCAST, ONESHOT }

    static Stream<Arguments> scenarios() {
        List<Arguments> all = new ArrayList<>();
        for (boolean virtual : new boolean[] {false, true}) {
            String t = virtual ? "virtual" : "platform";
            all.add(Arguments.of("bounded blocking " + t, Mode.BLOCKING, (Supplier<Channel<Integer>>) () -> Channels.bounded(64), virtual));
            all.add(Arguments.of("unbounded blocking " + t, Mode.BLOCKING, (Supplier<Channel<Integer>>) Channels::unbounded, virtual));
            all.add(Arguments.of("rendezvous blocking " + t, Mode.BLOCKING, (Supplier<Channel<Integer>>) Channels::rendezvous, virtual));
            all.add(Arguments.of("select over three " + t, Mode.SELECT, null, virtual));
            all.add(Arguments.of("bounded async " + t, Mode.ASYNC, (Supplier<Channel<Integer>>) () -> Channels.bounded(16), virtual));
            all.add(Arguments.of("rendezvous async " + t, Mode.ASYNC, (Supplier<Channel<Integer>>) Channels::rendezvous, virtual));
            all.add(Arguments.of("bounded closed midway " + t, Mode.CLOSE_MIDWAY, (Supplier<Channel<Integer>>) () -> Channels.bounded(8), virtual));
            all.add(Arguments.of("rendezvous closed midway " + t, Mode.CLOSE_MIDWAY, (Supplier<Channel<Integer>>) Channels::rendezvous, virtual));
            all.add(Arguments.of("broadcast " + t, Mode.BROADCAST, null, virtual));
            all.add(Arguments.of("oneshot replies " + t, Mode.ONESHOT, null, virtual));
        }
        return all.stream();
    }

    private static int itemsPerScenario() {
        return Math.max(PRODUCERS, Integer.getInteger("moirai.stress.items", 1_000_000) / 20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyItemArrivesExactlyOnce(String name, Mode mode, Supplier<Channel<Integer>> factory, boolean virtual)
            throws Exception {
        int items = itemsPerScenario();
        if (mode == Mode.ONESHOT) {
            items = Math.max(PRODUCERS, items / 10);       // a channel per item: fewer items
        }
        int perProducer = items / PRODUCERS;
        int total = perProducer * PRODUCERS;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicLong receivedSum = new AtomicLong();
        AtomicLong sentSum = new AtomicLong();
        AtomicLong failedSends = new AtomicLong();
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        List<Thread> producers = new ArrayList<>();
        List<Thread> consumers = new ArrayList<>();
        Receiver mark = v -> {
            assertThat(seen.getAndIncrement(v)).as("item %d received twice", v).isZero();
            receivedSum.addAndGet(v);
        };
        List<Object> channels = new ArrayList<>();
        scene = () -> describe(producers, consumers, channels);
        switch (mode) {
            case BLOCKING, CLOSE_MIDWAY -> {
                Channel<Integer> c = factory.get();
                channels.add(c);
                boolean midway = mode == Mode.CLOSE_MIDWAY;
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * perProducer;
                    producers.add(builder.start(unchecked(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            if (midway && base == 0 && i == perProducer / 2) {
                                c.close();
                            }
                            try {
                                c.send(base + i);
                                sentSum.addAndGet(base + i);
                            } catch (ChannelClosedException e) {
                                failedSends.incrementAndGet();
                            }
                        }
                    })));
                }
                for (int k = 0; k < CONSUMERS; k++) {
                    consumers.add(builder.start(unchecked(() -> c.forEach(mark::accept))));
                }
                joinAll(producers);
                c.close();
            }
            case SELECT -> {
                List<Channel<Integer>> cs = List.of(Channels.bounded(4), Channels.rendezvous(), Channels.unbounded());
                channels.addAll(cs);
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * perProducer;
                    producers.add(builder.start(unchecked(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            Integer v = base + i;
                            Select.<Integer>create().onSend(cs.get(0), v, () -> 0)
                                    .onSend(cs.get(1), v, () -> 1).onSend(cs.get(2), v, () -> 2).select();
                            sentSum.addAndGet(v);
                        }
                    })));
                }
                Select<Integer> receive = Select.<Integer>create();
                for (Channel<Integer> c : cs) {
                    receive.onReceive(c, v -> v);
                }
                for (int k = 0; k < CONSUMERS; k++) {
                    consumers.add(builder.start(unchecked(() -> {
                        for (;;) {
                            try {
                                mark.accept(receive.select());
                            } catch (ChannelClosedException allClosed) {
                                return;
                            }
                        }
                    })));
                }
                joinAll(producers);
                cs.forEach(Channel::close);
            }
            case ASYNC -> {
                Channel<Integer> c = factory.get();
                channels.add(c);
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * perProducer;
                    producers.add(builder.start(unchecked(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            c.send(base + i);
                            sentSum.addAndGet(base + i);
                        }
                    })));
                }
                for (int k = 0; k < CONSUMERS; k++) {
                    consumers.add(builder.start(unchecked(() -> {
                        for (int n = 0; ; n++) {
                            CompletableFuture<Integer> f = c.receiveAsync().toCompletableFuture();
                            if ((n & 7) == 0 && !f.isDone() && f.cancel(false)) {
                                continue;                    // withdrawn: must take nothing
                            }
                            try {
                                mark.accept(f.get(10, TimeUnit.MICROSECONDS));
                            } catch (TimeoutException slow) {
                                if (!f.cancel(false)) {
                                    try {
                                        mark.accept(f.join());   // served meanwhile: keep it
                                    } catch (java.util.concurrent.CompletionException e) {
                                        if (e.getCause() instanceof ChannelClosedException) {
                                            return;
                                        }
                                        throw e;
                                    }
                                }
                            } catch (java.util.concurrent.ExecutionException e) {
                                if (e.getCause() instanceof ChannelClosedException) {
                                    return;
                                }
                                throw e;
                            }
                        }
                    })));
                }
                joinAll(producers);
                c.close();
            }
            case BROADCAST -> {
                BroadcastChannel<Integer> b = Channels.broadcast(16);
                List<BroadcastChannel.Subscription<Integer>> subs = List.of(b.subscribe(), b.subscribe());
                channels.add(b);
                channels.addAll(subs);
                AtomicIntegerArray second = new AtomicIntegerArray(total);
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * perProducer;
                    producers.add(builder.start(unchecked(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            b.send(base + i);
                            sentSum.addAndGet(base + i);
                        }
                    })));
                }
                consumers.add(builder.start(unchecked(() -> subs.get(0).forEach(mark::accept))));
                consumers.add(builder.start(unchecked(() -> subs.get(1).forEach(v ->
                        assertThat(second.getAndIncrement(v)).as("item %d received twice", v).isZero()))));
                joinAll(producers);
                b.close();
                joinAll(consumers);
                for (int i = 0; i < total; i++) {
                    assertThat(second.get(i)).as("second subscriber, item %d", i).isEqualTo(1);
                }
            }
            case ONESHOT -> {
                Channel<Channel<Integer>> requests = Channels.bounded(32);
                channels.add(requests);
                for (int p = 0; p < PRODUCERS; p++) {
                    int base = p * perProducer;
                    producers.add(builder.start(unchecked(() -> {
                        for (int i = 0; i < perProducer; i++) {
                            Channel<Integer> reply = Channels.oneshot();
                            requests.send(reply);
                            reply.send(base + i);
                            sentSum.addAndGet(base + i);
                        }
                    })));
                }
                for (int k = 0; k < CONSUMERS; k++) {
                    consumers.add(builder.start(unchecked(() -> requests.forEach(reply -> {
                        try {
                            mark.accept(reply.receive());
                            assertThat(reply.isClosedForReceive()).isTrue();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }))));
                }
                joinAll(producers);
                requests.close();
            }
        }
        joinAll(consumers);
        long received = 0;
        for (int i = 0; i < total; i++) {
            received += seen.get(i);
        }
        assertThat(receivedSum.get()).as("checksum").isEqualTo(sentSum.get());
        assertThat(received + failedSends.get()).as("received + failed sends").isEqualTo(total);
        if (mode != Mode.CLOSE_MIDWAY) {
            assertThat(failedSends.get()).isZero();
        }
    }

    private static String describe(List<Thread> producers, List<Thread> consumers, List<Object> channels) {
        StringBuilder b = new StringBuilder("channels ").append(channels);
        for (List<Thread> group : List.of(producers, consumers)) {
            for (Thread t : group) {
                b.append("\n").append(group == producers ? "producer " : "consumer ").append(t)
                        .append(t.isAlive() ? " alive" : " ended");
                for (StackTraceElement e : t.getStackTrace()) {
                    b.append("\n    at ").append(e);
                }
            }
        }
        return b.toString();
    }

    @FunctionalInterface
    interface Receiver {
        void accept(int value);
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static final List<Throwable> FAILURES = java.util.Collections.synchronizedList(new ArrayList<>());

    private static Runnable unchecked(Body body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable e) {
                FAILURES.add(e);
                throw new IllegalStateException(e);
            }
        };
    }

    /** The scenario's threads and channels, described when a join hangs. */
    private static volatile Supplier<String> scene = () -> "";

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            if (!t.join(java.time.Duration.ofSeconds(HANG_SECONDS))) {
                throw new AssertionError(t + " did not finish; " + scene.get() + "; failures so far " + FAILURES);
            }
        }
        if (!FAILURES.isEmpty()) {
            AssertionError e = new AssertionError("a producer or consumer failed");
            FAILURES.forEach(e::addSuppressed);
            FAILURES.clear();
            throw e;
        }
    }
}
