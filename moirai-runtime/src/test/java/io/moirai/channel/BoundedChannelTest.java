package io.moirai.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What only the bounded channel's lock-free ring and its waiter hand-off do; {@link ChannelTest}
 * covers the contract every kind shares.
 */
class BoundedChannelTest {

    @Test
    void capacitiesUpToTheRingLimitGetARingAndLargerOnesAGrowingBuffer() {
        assertThat(Channels.bounded(BoundedChannel.MAX_RING_CAPACITY)).isInstanceOf(BoundedChannel.class);
        Channel<Integer> large = Channels.bounded(BoundedChannel.MAX_RING_CAPACITY + 1);
        assertThat(large).isInstanceOf(BufferedChannel.class);
        for (int i = 0; i <= BoundedChannel.MAX_RING_CAPACITY; i++) {
            assertThat(large.trySend(i)).isTrue();
        }
        assertThat(large.trySend(-1)).isFalse();
        assertThat(large.tryReceive()).isZero();
    }

    @Test
    void waitingSendersMoveInOneByOneInTheOrderTheyCame() throws Exception {
        Channel<Integer> c = Channels.bounded(1);
        c.send(1);
        Blocked.Async<Boolean> first = Blocked.start(() -> c.send(2, 1, TimeUnit.HOURS));
        Blocked.untilSenders(c, 1);
        Blocked.Async<Boolean> second = Blocked.start(() -> c.send(3, 1, TimeUnit.HOURS));
        Blocked.untilSenders(c, 2);
        assertThat(c.receive()).isEqualTo(1);
        assertThat(first.join()).isTrue();
        assertThat(c.receive()).isEqualTo(2);
        assertThat(second.join()).isTrue();
        assertThat(c.receive()).isEqualTo(3);
        assertThat(Blocked.queuedSenders(c)).isZero();
    }

    @Test
    void waitingReceiversAreServedInTheOrderTheyCame() throws Exception {
        Channel<Integer> c = Channels.bounded(4);
        Blocked.Async<Integer> first = Blocked.start(c::receive);
        Blocked.untilReceivers(c, 1);
        Blocked.Async<Integer> second = Blocked.start(() -> c.receive(1, TimeUnit.HOURS));
        Blocked.untilReceivers(c, 2);
        c.send(1);
        assertThat(first.join()).isEqualTo(1);
        c.send(2);
        assertThat(second.join()).isEqualTo(2);
        assertThat(Blocked.queuedReceivers(c)).isZero();
    }

    @Test
    void closeServesWaitingReceiversWhatIsLeftThenTheClose() throws Exception {
        Channel<Integer> c = Channels.bounded(2);
        Blocked.Async<Integer> r = Blocked.start(c::receive);
        Blocked.untilReceivers(c, 1);
        c.close();
        assertThat(r.failure()).isInstanceOf(ChannelClosedException.class);
        assertThat(c.isClosedForReceive()).isTrue();
        assertThat(c.toString()).isEqualTo(
                "bounded channel [capacity=2, buffered=0, waitingSenders=0, waitingReceivers=0, closed]");
    }

    @Test
    void virtualThreadsHandOffEveryItemInOrder() throws Exception {
        Channel<Integer> c = Channels.bounded(3);
        int n = 100_000;
        List<Integer> got = new ArrayList<>(n);
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    got.add(c.receive());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    c.send(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(producer.join(Duration.ofSeconds(60))).isTrue();
        assertThat(consumer.join(Duration.ofSeconds(60))).isTrue();
        assertThat(got).hasSize(n).isSorted();
        assertThat(Blocked.queuedSenders(c) + Blocked.queuedReceivers(c)).isZero();
    }
}
