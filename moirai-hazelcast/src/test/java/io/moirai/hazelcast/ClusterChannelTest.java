package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.untrusted.Contraband;
import io.moirai.channel.ChannelClosedException;
import io.moirai.channel.RemoteChannel;
import io.moirai.channel.Select;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cluster channels on three members in this JVM: the in-process channel's semantics, seen from every member. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterChannelTest {

    private static TestMembers members;

    @BeforeAll
    static void start() {
        members = new TestMembers("channel", 15760, 3);
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    private static <E> RemoteChannel<E> on(int member, String name, int capacity) {
        return members.clusters.get(member).channel(name, capacity);
    }

    /** Runs {@code body} on a thread of its own, as a future of what it returns. */
    private static <T> CompletableFuture<T> async(ThrowingSupplier<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                result.complete(body.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** True if {@code f} is still running after a moment: the operation blocks. */
    private static boolean stillBlocked(Future<?> f) throws Exception {
        try {
            f.get(300, TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException expected) {
            return true;
        }
    }

    private static Throwable failureOf(Future<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected " + f + " to fail");
    }

    @Test
    void tenThousandElementsFromSendersOnEveryMemberReachReceiversOnEveryMemberExactlyOnce() throws Exception {
        int total = 10_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicInteger sentTold = new AtomicInteger();
        AtomicInteger receivedTold = new AtomicInteger();
        ClusterListener counting = new ClusterListener() {
            @Override
            public void channelSent(String channel) {
                sentTold.incrementAndGet();
            }

            @Override
            public void channelReceived(String channel) {
                receivedTold.incrementAndGet();
            }
        };
        members.clusters.forEach(c -> c.addListener(counting));
        try {
            List<CompletableFuture<Integer>> senders = new ArrayList<>();
            List<CompletableFuture<Integer>> receivers = new ArrayList<>();
            for (int m = 0; m < 3; m++) {
                RemoteChannel<Integer> channel = on(m, "exactly-once", 64);
                int from = m * total / 3;
                int to = (m + 1) * total / 3;
                senders.add(async(() -> {
                    for (int i = from; i < to; i++) {
                        channel.send(i);
                    }
                    return to - from;
                }));
                receivers.add(async(() -> {
                    AtomicInteger count = new AtomicInteger();
                    channel.forEach(i -> {
                        seen.incrementAndGet(i);
                        count.incrementAndGet();
                    });
                    return count.get();
                }));
            }
            for (CompletableFuture<Integer> s : senders) {
                s.get(90, TimeUnit.SECONDS);
            }
            assertThat(on(1, "exactly-once", 64).close()).isTrue();
            int received = 0;
            for (CompletableFuture<Integer> r : receivers) {
                received += r.get(30, TimeUnit.SECONDS);   // every member's receiver saw closed and drained
            }
            assertThat(received).isEqualTo(total);
            for (int i = 0; i < total; i++) {
                assertThat(seen.get(i)).as("times element %d was received", i).isEqualTo(1);
            }
            assertThat(sentTold.get()).isEqualTo(total);
            assertThat(receivedTold.get()).isEqualTo(total);
        } finally {
            members.clusters.forEach(c -> c.removeListener(counting));
        }
    }

    @Test
    void aSendWaitsWhileTheChannelIsFullUntilAReceiverOnAnotherMemberMakesRoom() throws Exception {
        RemoteChannel<String> first = on(0, "full", 2);
        first.send("a");
        first.send("b");
        CompletableFuture<Boolean> third = async(() -> {
            on(1, "full", 2).send("c");
            return true;
        });
        assertThat(stillBlocked(third)).isTrue();
        assertThat(on(2, "full", 2).receive()).isEqualTo("a");
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.receive()).isEqualTo("b");
        assertThat(first.receive()).isEqualTo("c");
    }

    @Test
    void aReceiveWaitsWhileTheChannelIsEmptyUntilASenderOnAnotherMemberSends() throws Exception {
        RemoteChannel<String> empty = on(0, "empty", 4);
        CompletableFuture<String> receiver = async(empty::receive);
        assertThat(stillBlocked(receiver)).isTrue();
        on(2, "empty", 4).send("hello");
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
    }

    @Test
    void closeIsSeenByEveryMemberAndReceiversDrainBeforeTheyEnd() throws Exception {
        RemoteChannel<String> zero = on(0, "close", 8);
        zero.send("x");
        zero.send("y");
        List<CompletableFuture<Boolean>> receivers = new ArrayList<>();
        CopyOnWriteArrayList<String> drained = new CopyOnWriteArrayList<>();
        for (int m = 0; m < 3; m++) {
            RemoteChannel<String> channel = on(m, "close", 8);
            receivers.add(async(() -> {
                channel.forEach(drained::add);
                return true;
            }));
        }
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> drained.size() == 2);
        for (CompletableFuture<Boolean> r : receivers) {
            assertThat(stillBlocked(r)).isTrue();   // drained but open: they wait
        }

        assertThat(on(1, "close", 8).close()).isTrue();
        assertThat(on(2, "close", 8).close()).isFalse();
        assertThat(zero.close()).isFalse();
        for (CompletableFuture<Boolean> r : receivers) {
            assertThat(r.get(10, TimeUnit.SECONDS)).isTrue();   // each ends within a slice of the close
        }
        assertThat(drained).containsExactlyInAnyOrder("x", "y");
        for (int m = 0; m < 3; m++) {
            RemoteChannel<String> channel = on(m, "close", 8);
            assertThat(channel.isClosedForSend()).isTrue();
            assertThat(channel.isClosedForReceive()).isTrue();
            assertThatThrownBy(() -> channel.send("late")).isInstanceOf(ChannelClosedException.class)
                    .hasMessageContaining("'close'");
            assertThatThrownBy(() -> channel.trySend("late")).isInstanceOf(ChannelClosedException.class);
            assertThatThrownBy(channel::receive).isInstanceOf(ChannelClosedException.class);
            assertThat(channel.tryReceive()).isNull();
        }
    }

    @Test
    void elementsSentBeforeTheCloseAreStillReceivedAfterIt() throws Exception {
        RemoteChannel<Integer> zero = on(0, "drain", 8);
        zero.send(1);
        zero.send(2);
        assertThat(zero.close()).isTrue();
        RemoteChannel<Integer> two = on(2, "drain", 8);
        assertThat(two.isClosedForSend()).isTrue();
        assertThat(two.isClosedForReceive()).isFalse();
        assertThat(two.receive()).isEqualTo(1);
        assertThat(two.receive(1, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(two.isClosedForReceive()).isTrue();
        assertThatThrownBy(() -> two.receive(1, TimeUnit.SECONDS)).isInstanceOf(ChannelClosedException.class)
                .hasMessageContaining("closed and drained");
    }

    @Test
    void closeWakesASenderWaitingOnAFullChannelAndItsElementIsNotDelivered() throws Exception {
        RemoteChannel<String> zero = on(0, "close-full", 1);
        zero.send("kept");
        CompletableFuture<Boolean> blocked = async(() -> {
            on(1, "close-full", 1).send("refused");
            return true;
        });
        assertThat(stillBlocked(blocked)).isTrue();
        on(2, "close-full", 1).close();
        assertThat(failureOf(blocked)).isInstanceOf(ChannelClosedException.class);
        assertThat(zero.receive()).isEqualTo("kept");
        assertThat(zero.tryReceive()).isNull();
        assertThat(zero.isClosedForReceive()).isTrue();
    }

    @Test
    void trySendTryReceiveAndTimeoutsNeverWaitLongerThanAsked() throws Exception {
        RemoteChannel<String> zero = on(0, "try", 1);
        RemoteChannel<String> one = on(1, "try", 1);
        assertThat(one.tryReceive()).isNull();
        assertThat(one.receive(0, TimeUnit.SECONDS)).isNull();
        assertThat(one.receive(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(zero.trySend("a")).isTrue();
        assertThat(zero.trySend("b")).isFalse();
        assertThat(zero.send("b", 0, TimeUnit.SECONDS)).isFalse();
        long start = System.nanoTime();
        assertThat(one.send("b", 120, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(120));
        assertThat(one.tryReceive()).isEqualTo("a");
        assertThat(one.send("b", 1, TimeUnit.SECONDS)).isTrue();
        assertThat(zero.receive(1, TimeUnit.SECONDS)).isEqualTo("b");
    }

    @Test
    void anInterruptEndsABlockedReceiveWithoutTakingAnElement() throws Exception {
        RemoteChannel<String> zero = on(0, "interrupt-receive", 4);
        AtomicReference<Thread> receiverThread = new AtomicReference<>();
        CompletableFuture<Boolean> receiver = async(() -> {
            receiverThread.set(Thread.currentThread());
            try {
                zero.receive();
                return false;
            } catch (InterruptedException expected) {
                return !Thread.currentThread().isInterrupted();   // the flag is cleared, as in-process
            }
        });
        assertThat(stillBlocked(receiver)).isTrue();
        receiverThread.get().interrupt();
        assertThat(receiver.get(10, TimeUnit.SECONDS)).isTrue();
        on(1, "interrupt-receive", 4).send("after");
        assertThat(on(2, "interrupt-receive", 4).receive(5, TimeUnit.SECONDS)).isEqualTo("after");
    }

    @Test
    void anInterruptEndsABlockedSendAndItsElementIsNotDelivered() throws Exception {
        RemoteChannel<String> zero = on(0, "interrupt-send", 1);
        zero.send("first");
        AtomicReference<Thread> senderThread = new AtomicReference<>();
        CompletableFuture<Boolean> sender = async(() -> {
            senderThread.set(Thread.currentThread());
            try {
                on(1, "interrupt-send", 1).send("second");
                return false;
            } catch (InterruptedException expected) {
                return true;
            }
        });
        assertThat(stillBlocked(sender)).isTrue();
        senderThread.get().interrupt();
        assertThat(sender.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(zero.receive()).isEqualTo("first");
        assertThat(zero.receive(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anInterruptedThreadGetsInterruptedExceptionOnEntryButTryReceiveKeepsTheElementAndTheFlag()
            throws Exception {
        RemoteChannel<String> zero = on(0, "interrupt-entry", 4);
        zero.send("one");
        Thread.currentThread().interrupt();
        assertThatThrownBy(zero::receive).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> zero.send("two")).isInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt();
        try {
            assertThat(zero.tryReceive()).isEqualTo("one");
            assertThat(zero.isClosedForSend()).isFalse();
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(zero.tryReceive()).isNull();
    }

    @Test
    void receiveAsyncCompletesWithTheNextElementOrClosedAndACancelledOneTakesNothing() throws Exception {
        RemoteChannel<String> zero = on(0, "async", 4);
        RemoteChannel<String> one = on(1, "async", 4);
        RemoteChannel<String> two = on(2, "async", 4);
        CompletableFuture<String> first = one.receiveAsync().toCompletableFuture();
        zero.send("a");
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a");

        CompletableFuture<String> withdrawn = two.receiveAsync().toCompletableFuture();
        assertThat(withdrawn.cancel(false)).isTrue();
        assertThat(withdrawn.cancel(false)).as("cancelled already, as CompletableFuture answers").isTrue();
        assertThatThrownBy(withdrawn::join).isInstanceOf(CancellationException.class);
        zero.send("b");
        assertThat(one.receive(5, TimeUnit.SECONDS)).isEqualTo("b");
        assertThatThrownBy(() -> withdrawn.obtrudeValue("x")).isInstanceOf(UnsupportedOperationException.class);

        // completeAsync withdraws too (the inherited one bypassed complete()): nothing is taken for it
        CompletableFuture<String> completedAsync = two.receiveAsync().toCompletableFuture();
        completedAsync.completeAsync(() -> "mine", Runnable::run);
        assertThat(completedAsync.join()).isEqualTo("mine");
        zero.send("c");
        assertThat(one.receive(5, TimeUnit.SECONDS)).isEqualTo("c");

        CompletableFuture<String> last = two.receiveAsync().toCompletableFuture();
        zero.close();
        assertThat(failureOf(last)).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void anElementOfAClassOutsideTheAllowListIsRefusedAtTheSendAndNeverDeserializedAtTheReceive()
            throws Exception {
        RemoteChannel<Object> zero = on(0, "contraband", 4);
        assertThatThrownBy(() -> zero.send(new Contraband())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Contraband.class.getName());
        assertThatThrownBy(() -> zero.send(List.of(new Contraband())))   // nested, too
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Contraband.class.getName());
        assertThat(zero.tryReceive()).isNull();

        // bytes that reached the queue by another way (a member with a wider list) are refused on the way in
        CopyOnWriteArrayList<String> refused = new CopyOnWriteArrayList<>();
        ClusterListener listener = new ClusterListener() {
            @Override
            public void payloadRefused(String className) {
                refused.add(className);
            }
        };
        members.clusters.get(1).addListener(listener);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(0);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(new Contraband());
            }
            members.instances.get(2).<byte[]>getQueue(ClusterChannel.QUEUE_PREFIX + "contraband")
                    .offer(bytes.toByteArray());
            zero.send("fine");
            RemoteChannel<Object> one = on(1, "contraband", 4);
            assertThatThrownBy(one::receive).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Contraband.class.getName()).hasMessageContaining("dropped");
            assertThat(Contraband.deserialized).isFalse();
            assertThat(refused).containsExactly(Contraband.class.getName());
            assertThat(one.receive()).isEqualTo("fine");
        } finally {
            members.clusters.get(1).removeListener(listener);
        }
    }

    /**
     * A send that offers after a close and takes its element back must take back its own: before
     * each send's bytes were unique, the third send of "a", "b", "a" (offered once a receive made
     * room after the close, then taken back) removed the first "a", sent successfully, and the
     * receivers saw z, b, a: the sender's "a" after its "b" (in 15 of 20 rounds).
     */
    @Test
    void aSendTakingItsElementBackAtCloseKeepsTheSendersOrder() throws Exception {
        int takenBack = 0;
        for (int round = 0; round < 8; round++) {
            String name = "taken-back-" + round;
            RemoteChannel<String> sender = on(0, name, 3);
            RemoteChannel<String> other = on(1, name, 3);
            other.send("z");
            sender.send("a");
            sender.send("b");
            CompletableFuture<String> third = async(() -> {   // waits on the full channel
                sender.send("a");
                return "sent";
            });
            assertThat(stillBlocked(third)).isTrue();
            other.close();
            List<String> received = new ArrayList<>(List.of(other.receive()));   // room for the third, after the close
            String outcome;
            try {
                outcome = third.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ChannelClosedException.class);
                outcome = "closed";
                takenBack++;
            }
            other.forEach(received::add);
            assertThat(received).as("round %d, third send %s", round, outcome)
                    .isEqualTo(outcome.equals("sent") ? List.of("z", "a", "b", "a") : List.of("z", "a", "b"));
        }
        assertThat(takenBack).as("rounds whose third send was refused").isPositive();
    }

    /**
     * The JDK runs every CompletableFuture's timeout on one scheduler thread; a receiveAsync
     * whose orTimeout withdrew there waited out the poll under way (up to a slice), so 50
     * receives timing out together held that thread for seconds: their own timeouts fired late,
     * and so did an unrelated delayed task of the JVM (100 receives: due at 250 ms, ran at 10 s).
     */
    @Test
    void receiveAsyncTimeoutsDoNotHoldTheJdksTimeoutThread() throws Exception {
        RemoteChannel<Integer> channel = on(1, "timeouts", 4);
        List<CompletableFuture<Integer>> timedOut = new ArrayList<>();
        List<CompletableFuture<Integer>> defaulted = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            timedOut.add(channel.receiveAsync().toCompletableFuture().orTimeout(100, TimeUnit.MILLISECONDS));
            defaulted.add(channel.receiveAsync().toCompletableFuture().completeOnTimeout(-1, 100, TimeUnit.MILLISECONDS));
        }
        long start = System.nanoTime();
        CompletableFuture<Long> unrelated = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS).execute(() -> unrelated.complete(System.nanoTime()));
        long ranAfterMs = TimeUnit.NANOSECONDS.toMillis(unrelated.get(60, TimeUnit.SECONDS) - start);
        for (CompletableFuture<Integer> f : timedOut) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        for (CompletableFuture<Integer> f : defaulted) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        }
        // bound well above a loaded machine's delay, well below the seconds the held thread cost
        assertThat(ranAfterMs).as("an unrelated delayed task due at 150 ms ran after (ms)").isLessThan(2_000);
        // the withdrawn receives took nothing
        channel.send(7);
        assertThat(on(0, "timeouts", 4).receive(10, TimeUnit.SECONDS)).isEqualTo(7);
        // a receive that completes first is not withdrawn later, and its timeout is dropped
        CompletableFuture<Integer> served = channel.receiveAsync().toCompletableFuture().orTimeout(1, TimeUnit.HOURS);
        channel.send(8);
        assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo(8);
    }

    /**
     * A withdrawal waits for the poll under way, one slice at most. The poller used to take the
     * lock again right after a poll and start the next one before the woken withdrawal got it,
     * slice after slice: 100 waiting receives given orTimeout(1 ms) took seconds to time out.
     */
    @Test
    void aWithdrawalWaitsForThePollUnderWayNotForTheNextOnes() throws Exception {
        RemoteChannel<Integer> channel = on(2, "withdrawals", 4);
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waiting.add(channel.receiveAsync().toCompletableFuture());
        }
        assertThat(stillBlocked(waiting.getLast())).isTrue();   // all poll, slice after slice
        long start = System.nanoTime();
        for (CompletableFuture<Integer> f : waiting) {
            f.orTimeout(1, TimeUnit.MILLISECONDS);
        }
        for (CompletableFuture<Integer> f : waiting) {
            assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMs).as("100 withdrawals of waiting receives took (ms)").isLessThan(4_000); // 8 s before the fix
        channel.send(1);
        assertThat(on(0, "withdrawals", 4).receive(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    /**
     * An element whose readObject throws on the receiver: an IllegalArgumentException, or, with
     * {@code asError}, the ExceptionInInitializerError a class whose static initialiser fails
     * there would throw.
     */
    static final class FailsToRead implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final boolean asError;

        FailsToRead(boolean asError) {
            this.asError = asError;
        }

        @java.io.Serial
        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (this.asError) {
                throw new ExceptionInInitializerError("cannot be initialised here");
            }
            throw new IllegalArgumentException("cannot be read here");
        }
    }

    /**
     * An element that cannot be read is taken and dropped, and the receive says so with
     * IllegalStateException, whatever the element's readObject threw. A RuntimeException of
     * readObject used to come out of receive as it was (here an IllegalArgumentException, as if
     * the receive had been given a bad argument), without saying that the element was gone, and
     * so did a LinkageError (a class that fails to load or initialise on the receiver).
     */
    @Test
    void anElementWhoseDeserializationThrowsIsDroppedWithIllegalStateException() throws Exception {
        RemoteChannel<Object> sender = on(0, "unreadable", 8);
        RemoteChannel<Object> receiver = on(1, "unreadable", 8);
        sender.send(new FailsToRead(false));
        sender.send("after");
        sender.send(new FailsToRead(true));
        sender.send("last");
        sender.send(new FailsToRead(false));
        assertThatThrownBy(receiver::receive).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'unreadable'").hasMessageContaining("dropped")
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(receiver.receive()).isEqualTo("after");
        assertThatThrownBy(receiver::receive).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dropped").hasCauseInstanceOf(ExceptionInInitializerError.class);
        assertThat(receiver.receive()).isEqualTo("last");
        assertThat(failureOf(receiver.receiveAsync().toCompletableFuture())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dropped");
        assertThat(receiver.tryReceive()).isNull();
    }

    /**
     * An element whose writeObject throws is refused at send with IllegalArgumentException, the
     * element's exception as cause, as a non-serializable element is; it came out raw before.
     * Nothing enters the channel.
     */
    @Test
    void anElementWhoseSerializationThrowsIsRefusedWithIllegalArgumentException() throws Exception {
        RemoteChannel<Object> channel = on(0, "unwritable", 4);
        assertThatThrownBy(() -> channel.send(new FailsToWrite())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'unwritable'").hasMessageContaining("could not serialize")
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> channel.trySend(new FailsToWrite())).isInstanceOf(IllegalArgumentException.class);
        assertThat(on(1, "unwritable", 4).tryReceive()).isNull();
    }

    /** Serializable by its type, but writing it throws. */
    static final class FailsToWrite implements java.io.Serializable {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        @java.io.Serial
        private void writeObject(java.io.ObjectOutputStream out) {
            throw new IllegalStateException("a FailsToWrite cannot be written");
        }
    }

    /**
     * Closing a channel removes nothing from the cluster: its queue's configuration (Hazelcast
     * cannot remove a dynamic configuration), its queue and its closed flag stay for the cluster's
     * lifetime, so that the name stays closed and keeps its capacity on every member, one that
     * joins later included. docs/distributed.md says so, and to use a fixed set of names rather
     * than a channel per request.
     */
    @Test
    void aClosedAndDrainedChannelLeavesItsConfigurationQueueAndFlagInTheCluster() throws Exception {
        RemoteChannel<Integer> channel = on(0, "left-behind", 4);
        channel.send(1);
        assertThat(channel.close()).isTrue();
        assertThat(on(1, "left-behind", 4).receive()).isEqualTo(1);
        assertThat(channel.isClosedForReceive()).isTrue();
        for (var hz : members.instances) {
            assertThat(hz.getConfig().getQueueConfigs()).containsKey("moirai.channel.left-behind");
            assertThat(hz.getDistributedObjects()).anyMatch(o -> o.getName().equals("moirai.channel.left-behind"));
            assertThat(hz.getMap(ClusterChannel.CLOSED_MAP).containsKey("left-behind")).isTrue();
        }
        assertThatThrownBy(() -> on(2, "left-behind", 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 4, not 8");
        RemoteChannel<Integer> again = on(2, "left-behind", 4);
        assertThatThrownBy(() -> again.send(2)).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void argumentsAreValidatedAndNamed() {
        MoiraiCluster cluster = members.caller();
        assertThatThrownBy(() -> cluster.channel(null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> cluster.channel("  ", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'  '");
        assertThatThrownBy(() -> cluster.channel("c", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
        RemoteChannel<String> c = cluster.channel("validated", 3);
        assertThat(c.name()).isEqualTo("validated");
        assertThat(cluster.<String>channel("validated", 3)).isSameAs(c);
        assertThatThrownBy(() -> cluster.channel("validated", 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 3, not 4");
        assertThatThrownBy(() -> members.clusters.get(2).channel("validated", 5))   // another member
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 3, not 5");
        assertThatThrownBy(() -> c.send(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.trySend(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.send("x", 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.receive(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Select.<String>create().onReceive(c, e -> e))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'validated'");
    }

    /**
     * Hazelcast reads what follows an '@' in a structure's name as a partition key and looks the
     * configuration up under what precedes it: the queue of a channel "bounded@x" took the default
     * queue configuration, unbounded, and a channel of capacity 2 took 50 elements without waiting.
     * Such names are refused.
     */
    @Test
    void aNameWithAnAtSignIsRefusedSinceHazelcastWouldNotBoundItsQueue() {
        for (String name : List.of("bounded@x", "@", "a@")) {
            assertThatThrownBy(() -> members.caller().channel(name, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "'").hasMessageContaining("'@'");
        }
        RemoteChannel<Integer> bounded = on(1, "bounded-x", 2);
        int fitted = 0;
        while (fitted < 50 && bounded.trySend(fitted)) {
            fitted++;
        }
        assertThat(fitted).isEqualTo(2);
    }
}
