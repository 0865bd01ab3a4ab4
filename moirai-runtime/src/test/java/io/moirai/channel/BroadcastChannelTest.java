package io.moirai.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link BroadcastChannel} and its subscriptions. */
class BroadcastChannelTest {

    @Test
    void everySubscriberReceivesEveryElementInOrder() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(8);
        BroadcastChannel.Subscription<Integer> s1 = b.subscribe();
        BroadcastChannel.Subscription<Integer> s2 = b.subscribe();
        for (int i = 0; i < 5; i++) {
            b.send(i);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(s1.receive()).isEqualTo(i);
            assertThat(s2.tryReceive()).isEqualTo(i);
        }
    }

    @Test
    void lateSubscriberSeesOnlyLaterElements() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(4);
        BroadcastChannel.Subscription<Integer> early = b.subscribe();
        b.send(1);
        BroadcastChannel.Subscription<Integer> late = b.subscribe();
        b.send(2);
        assertThat(early.tryReceive()).isEqualTo(1);
        assertThat(early.tryReceive()).isEqualTo(2);
        assertThat(late.tryReceive()).isEqualTo(2);
        assertThat(late.tryReceive()).isNull();
    }

    @Test
    void withoutSubscribersSendsSucceedAndGoNowhere() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(1);
        assertThat(b.trySend(1)).isTrue();
        b.send(2);
        assertThat(b.subscribe().tryReceive()).isNull();
    }

    @Test
    void aFullSubscriberHoldsBackTheSenders() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> fast = b.subscribe();
        BroadcastChannel.Subscription<Integer> slow = b.subscribe();
        assertThat(b.trySend(1)).isTrue();
        assertThat(fast.tryReceive()).isEqualTo(1);
        assertThat(b.trySend(2)).isFalse();                      // slow is full: nobody gets 2
        assertThat(b.send(2, 1, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(fast.tryReceive()).isNull();
        Blocked.Async<Boolean> sender = Blocked.start(() -> b.send(3, 1, TimeUnit.HOURS));
        await().atMost(Duration.ofSeconds(30)).until(() -> ((BroadcastHub<?>) b).blockedSenders() == 1);
        assertThat(slow.receive()).isEqualTo(1);
        assertThat(sender.join()).isTrue();
        assertThat(fast.receive()).isEqualTo(3);
        assertThat(slow.receive()).isEqualTo(3);
    }

    @Test
    void unsubscribingReleasesBlockedSenders() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> s = b.subscribe();
        b.send(1);
        Blocked.Async<Object> sender = Blocked.start(() -> {
            b.send(2);
            return "sent";
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> ((BroadcastHub<?>) b).blockedSenders() == 1);
        assertThat(s.close()).isTrue();
        assertThat(s.close()).isFalse();
        assertThat(sender.join()).isEqualTo("sent");
        assertThat(s.receive()).isEqualTo(1);                      // what was buffered stays
        assertThatThrownBy(s::receive).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void closeClosesSubscriptionsAfterTheyDrainAndWakesSenders() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> s = b.subscribe();
        BroadcastChannel.Subscription<Integer> idle = b.subscribe();
        idle.tryReceive();
        CompletableFuture<Integer> waiting = b.subscribe().receiveAsync().toCompletableFuture();
        b.send(1);
        assertThat(waiting.join()).isEqualTo(1);
        Blocked.Async<Object> sender = Blocked.start(() -> {
            b.send(2);
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> ((BroadcastHub<?>) b).blockedSenders() == 1);
        assertThat(b.close()).isTrue();
        assertThat(b.close()).isFalse();
        assertThat(sender.failure()).isInstanceOf(ChannelClosedException.class);
        assertThat(b.isClosedForSend()).isTrue();
        assertThatThrownBy(() -> b.trySend(3)).isInstanceOf(ChannelClosedException.class);
        assertThat(s.isClosedForReceive()).isFalse();
        assertThat(s.receive()).isEqualTo(1);
        assertThat(s.isClosedForReceive()).isTrue();
        assertThatThrownBy(s::receive).isInstanceOf(ChannelClosedException.class);
        assertThat(b.subscribe().isClosedForReceive()).isTrue();
    }

    @Test
    void interruptedSenderDeliversToNobody() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> s = b.subscribe();
        b.send(1);
        Blocked.Async<Object> sender = Blocked.start(() -> {
            b.send(2);
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> ((BroadcastHub<?>) b).blockedSenders() == 1);
        sender.thread().interrupt();
        assertThat(sender.failure()).isInstanceOf(InterruptedException.class);
        assertThat(((BroadcastHub<?>) b).blockedSenders()).isZero();
        assertThat(s.tryReceive()).isEqualTo(1);
        assertThat(s.tryReceive()).isNull();
    }

    @Test
    void subscriptionsRefuseSendsAndNulls() {
        BroadcastChannel<Integer> b = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> s = b.subscribe();
        assertThatThrownBy(() -> ((Channel<Integer>) (Object) s).trySend(1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> b.trySend(null)).isInstanceOf(NullPointerException.class).hasMessage("element");
        assertThatThrownBy(() -> b.send(null)).isInstanceOf(NullPointerException.class).hasMessage("element");
    }

    @Test
    void interruptedOnEntryThrows() {
        BroadcastChannel<Integer> b = Channels.broadcast(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> b.send(1)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }
}
