package io.moirai.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link Select}. */
class SelectTest {

    /**
     * A broadcast send case that fires at once leaves no waiter behind: one registered before
     * the readiness check stayed in the broadcast's queue for good, one per select (found by a
     * port of kotlinx.coroutines' channel tests).
     */
    @Test
    void aBroadcastSendCaseThatFiresLeavesNoWaiter() throws Exception {
        BroadcastChannel<Integer> hub = Channels.broadcast(4);
        BroadcastChannel.Subscription<Integer> sub = hub.subscribe();
        Select<String> select = Select.<String>create().onSend(hub, 1, () -> "sent");
        for (int i = 0; i < 100; i++) {
            assertThat(select.select()).isEqualTo("sent");
            assertThat(sub.receive()).isEqualTo(1);
        }
        assertThat(((BroadcastHub<Integer>) hub).blockedSenders()).isZero();
    }

    @Test
    void aSubscriptionRefusesASendCase() {
        BroadcastChannel<Integer> hub = Channels.broadcast(4);
        BroadcastChannel.Subscription<Integer> sub = hub.subscribe();
        @SuppressWarnings("unchecked")
        SendChannel<Integer> cast = (SendChannel<Integer>) (Object) sub;
        assertThatThrownBy(() -> Select.<String>create().onSend(cast, 1, () -> "sent"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(sub.tryReceive()).isNull();
    }

    @Test
    void aSelectWithoutWaitingThrowsOnAnInterruptAndTakesNothing() {
        Channel<Integer> c = Channels.bounded(1);
        assertThat(c.trySend(1)).isTrue();
        Select<Integer> select = Select.<Integer>create().onReceive(c, v -> v);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> select.select(0, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(c.tryReceive()).isEqualTo(1);
        Thread.currentThread().interrupt();
        try {
            assertThat(select.trySelect()).isEmpty(); // trySelect never waits, so an interrupt is left alone
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void firesTheReadyCaseOnly() throws Exception {
        Channel<Integer> a = Channels.bounded(1);
        Channel<Integer> b = Channels.bounded(1);
        b.send(2);
        String r = Select.<String>create()
                .onReceive(a, v -> "a" + v)
                .onReceive(b, v -> "b" + v)
                .select();
        assertThat(r).isEqualTo("b2");
        assertThat(b.tryReceive()).isNull();
        assertThat(a.trySend(1)).isTrue();
        assertThat(Blocked.queuedReceivers(a)).isZero();
    }

    @Test
    void exactlyOneOfSeveralReadyCasesFiresAndTheChoiceIsFair() throws Exception {
        Channel<Integer> a = Channels.unbounded();
        Channel<Integer> b = Channels.unbounded();
        Select<String> select = Select.<String>create().onReceive(a, v -> "a").onReceive(b, v -> "b");
        int fromA = 0;
        for (int i = 0; i < 400; i++) {
            a.send(i);
            b.send(i);
            if (select.select().equals("a")) {
                fromA++;
                assertThat(b.tryReceive()).isEqualTo(i);
            } else {
                assertThat(a.tryReceive()).isEqualTo(i);
            }
        }
        assertThat(fromA).isBetween(100, 300);
    }

    @Test
    void sendCaseFiresWhenThereIsRoom() throws Exception {
        Channel<Integer> full = Channels.bounded(1);
        full.send(0);
        Channel<Integer> free = Channels.bounded(1);
        String r = Select.<String>create()
                .onSend(full, 1, () -> "full")
                .onSend(free, 2, () -> "free")
                .select();
        assertThat(r).isEqualTo("free");
        assertThat(full.tryReceive()).isEqualTo(0);
        assertThat(full.tryReceive()).isNull();
        assertThat(free.tryReceive()).isEqualTo(2);
    }

    @Test
    void blockedSelectIsServedBySenderAndWithdrawsItsOtherCases() throws Exception {
        Channel<Integer> a = Channels.rendezvous();
        Channel<Integer> b = Channels.bounded(2);
        Blocked.Async<String> s = Blocked.start(() -> Select.<String>create()
                .onReceive(a, v -> "a" + v).onReceive(b, v -> "b" + v).select());
        Blocked.untilReceivers(a, 1);
        Blocked.untilReceivers(b, 1);
        assertThat(a.trySend(5)).isTrue();
        assertThat(s.join()).isEqualTo("a5");
        await().atMost(Duration.ofSeconds(30)).until(() -> Blocked.queuedReceivers(b) == 0);
        assertThat(b.trySend(1)).isTrue();
        assertThat(b.tryReceive()).isEqualTo(1);
    }

    @Test
    void blockedSelectSendOnFullBoundedChannelsFiresWhereRoomIsMade() throws Exception {
        Channel<Integer> a = Channels.bounded(1);
        Channel<Integer> b = Channels.bounded(1);
        a.send(0);
        b.send(0);
        Blocked.Async<String> s = Blocked.start(() -> Select.<String>create()
                .onSend(a, 1, () -> "a").onSend(b, 2, () -> "b").select());
        Blocked.untilSenders(a, 1);
        Blocked.untilSenders(b, 1);
        assertThat(b.receive()).isZero();
        assertThat(s.join()).isEqualTo("b");
        assertThat(b.tryReceive()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> Blocked.queuedSenders(a) == 0);
        assertThat(a.tryReceive()).isZero();
        assertThat(a.tryReceive()).isNull();
    }

    @Test
    void blockedSelectReceiveOnBoundedChannelsIsServedBySender() throws Exception {
        Channel<Integer> a = Channels.bounded(2);
        Channel<Integer> b = Channels.bounded(2);
        Blocked.Async<String> s = Blocked.start(() -> Select.<String>create()
                .onReceive(a, v -> "a" + v).onReceive(b, v -> "b" + v).select());
        Blocked.untilReceivers(a, 1);
        Blocked.untilReceivers(b, 1);
        b.send(5);
        assertThat(s.join()).isEqualTo("b5");
        await().atMost(Duration.ofSeconds(30)).until(() -> Blocked.queuedReceivers(a) == 0);
        assertThat(a.trySend(1)).isTrue();
        assertThat(a.tryReceive()).isEqualTo(1);
        assertThat(b.tryReceive()).isNull();
    }

    @Test
    void twoSelectsFacingEachOtherOnBoundedChannelsAgree() throws Exception {
        for (int round = 0; round < 50; round++) {
            Channel<Integer> c = Channels.bounded(1);
            Channel<Integer> other = Channels.bounded(1);
            Blocked.Async<String> receiver = Blocked.start(() -> Select.<String>create()
                    .onReceive(c, v -> "c" + v).onReceive(other, v -> "other" + v).select());
            Blocked.Async<String> sender = Blocked.start(() -> Select.<String>create()
                    .onSend(c, 1, () -> "c1").onSend(other, 2, () -> "other2").select());
            assertThat(receiver.join()).isEqualTo(sender.join());
            assertThat(c.tryReceive()).isNull();
            assertThat(other.tryReceive()).isNull();
        }
    }

    @Test
    void closingABoundedChannelDropsItsSendCaseFromTheWait() throws Exception {
        Channel<Integer> a = Channels.bounded(1);
        Channel<Integer> b = Channels.bounded(1);
        a.send(0);
        b.send(0);
        Blocked.Async<String> s = Blocked.start(() -> Select.<String>create()
                .onSend(a, 1, () -> "a").onSend(b, 2, () -> "b").select());
        Blocked.untilSenders(a, 1);
        Blocked.untilSenders(b, 1);
        a.close();
        Blocked.untilParked(s);
        assertThat(b.receive()).isZero();
        assertThat(s.join()).isEqualTo("b");
        assertThat(a.receive()).isZero();
        assertThatThrownBy(a::receive).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void selectSendMatchesBlockedReceiverOnRendezvous() throws Exception {
        Channel<Integer> c = Channels.rendezvous();
        Blocked.Async<Integer> r = Blocked.start(c::receive);
        Blocked.untilReceivers(c, 1);
        assertThat(Select.<String>create().onSend(c, 9, () -> "sent").trySelect()).contains("sent");
        assertThat(r.join()).isEqualTo(9);
    }

    @Test
    void selectReceiveMatchesBlockedSenderOnRendezvous() throws Exception {
        Channel<Integer> c = Channels.rendezvous();
        Blocked.Async<Object> s = Blocked.start(() -> {
            c.send(4);
            return "sent";
        });
        Blocked.untilSenders(c, 1);
        assertThat(Select.<Integer>create().onReceive(c, v -> v).select(1, TimeUnit.HOURS)).contains(4);
        assertThat(s.join()).isEqualTo("sent");
    }

    @Test
    void twoSelectsFacingEachOtherOnRendezvousMeet() throws Exception {
        for (int round = 0; round < 50; round++) {
            Channel<Integer> c = Channels.rendezvous();
            Channel<Integer> other = Channels.rendezvous();
            Blocked.Async<String> receiver = Blocked.start(() -> Select.<String>create()
                    .onReceive(c, v -> "got" + v).onReceive(other, v -> "other").select());
            Blocked.Async<String> sender = Blocked.start(() -> Select.<String>create()
                    .onSend(c, 1, () -> "sent").onSend(other, 2, () -> "other").select());
            String got = receiver.join();
            String sent = sender.join();
            assertThat(got.equals("got1") && sent.equals("sent") || got.equals("other") && sent.equals("other"))
                    .as("%s / %s", got, sent).isTrue();
        }
    }

    @Test
    void selectThatBothSendsAndReceivesOnOneChannelDoesNotMeetItself() throws Exception {
        Channel<Integer> c = Channels.rendezvous();
        Select<String> s = Select.<String>create().onReceive(c, v -> "r").onSend(c, 1, () -> "s");
        assertThat(s.select(1, TimeUnit.MILLISECONDS)).isEmpty();
        assertThat(Blocked.queuedReceivers(c)).isZero();
        assertThat(Blocked.queuedSenders(c)).isZero();
    }

    @Test
    void timesOutAndTrySelectReturnsEmptyWhenNothingIsReady() throws Exception {
        Channel<Integer> c = Channels.bounded(1);
        Select<String> s = Select.<String>create().onReceive(c, v -> "x");
        assertThat(s.trySelect()).isEmpty();
        assertThat(s.select(0, TimeUnit.SECONDS)).isEmpty();
        assertThat(s.select(2, TimeUnit.MILLISECONDS)).isEmpty();
        assertThat(Blocked.queuedReceivers(c)).isZero();
    }

    @Test
    void closedChannelsAreSkippedUntilAllAreClosed() throws Exception {
        Channel<Integer> a = Channels.bounded(1);
        Channel<Integer> b = Channels.bounded(1);
        a.close();
        Select<String> s = Select.<String>create().onReceive(a, v -> "a").onReceive(b, v -> "b");
        assertThat(s.trySelect()).isEmpty();
        Blocked.Async<String> waiting = Blocked.start(s::select);
        Blocked.untilReceivers(b, 1);
        b.close();
        assertThat(waiting.failure()).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(s::select).isInstanceOf(ChannelClosedException.class);
        assertThatThrownBy(s::trySelect).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void closedButNotDrainedChannelStillFires() throws Exception {
        Channel<Integer> a = Channels.bounded(1);
        a.send(1);
        a.close();
        assertThat(Select.<Integer>create().onReceive(a, v -> v).select()).isEqualTo(1);
    }

    @Test
    void closingOneChannelKeepsTheSelectWaitingOnTheOthers() throws Exception {
        Channel<Integer> a = Channels.bounded(1);
        Channel<Integer> b = Channels.bounded(1);
        Blocked.Async<String> waiting = Blocked.start(() -> Select.<String>create()
                .onReceive(a, v -> "a").onReceive(b, v -> "b" + v).select());
        Blocked.untilReceivers(a, 1);
        Blocked.untilReceivers(b, 1);
        a.close();
        Blocked.untilParked(waiting);
        b.send(3);
        assertThat(waiting.join()).isEqualTo("b3");
    }

    @Test
    void interruptWithdrawsEveryCase() throws Exception {
        Channel<Integer> a = Channels.bounded(1);
        Blocked.Async<String> waiting = Blocked.start(() -> Select.<String>create().onReceive(a, v -> "a").select());
        Blocked.untilReceivers(a, 1);
        waiting.thread().interrupt();
        assertThat(waiting.failure()).isInstanceOf(InterruptedException.class);
        assertThat(Blocked.queuedReceivers(a)).isZero();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Select.<String>create().onReceive(a, v -> "a").select())
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void broadcastSendCaseFiresWhenSubscribersMakeRoom() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(1);
        BroadcastChannel.Subscription<Integer> sub = b.subscribe();
        b.send(1);
        Blocked.Async<String> waiting = Blocked.start(() -> Select.<String>create().onSend(b, 2, () -> "sent").select());
        await().atMost(Duration.ofSeconds(30)).until(() -> ((BroadcastHub<?>) b).blockedSenders() == 1);
        assertThat(sub.receive()).isEqualTo(1);
        assertThat(waiting.join()).isEqualTo("sent");
        assertThat(sub.receive()).isEqualTo(2);
        assertThat(((BroadcastHub<?>) b).blockedSenders()).isZero();
    }

    @Test
    void subscriptionCanBeSelected() throws Exception {
        BroadcastChannel<Integer> b = Channels.broadcast(2);
        BroadcastChannel.Subscription<Integer> sub = b.subscribe();
        b.send(6);
        assertThat(Select.<Integer>create().onReceive(sub, v -> v).trySelect()).isEqualTo(Optional.of(6));
    }

    @Test
    void refusesEmptySelectsAndNullArguments() {
        assertThatThrownBy(() -> Select.create().select()).isInstanceOf(IllegalStateException.class)
                .hasMessage("select has no case");
        Channel<Integer> c = Channels.bounded(1);
        assertThatThrownBy(() -> Select.<String>create().onReceive(null, v -> "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("channel");
        assertThatThrownBy(() -> Select.<String>create().onReceive(c, null))
                .isInstanceOf(NullPointerException.class).hasMessage("action");
        assertThatThrownBy(() -> Select.<String>create().onSend(c, null, () -> "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> Select.<String>create().onReceive(c, v -> "x").select(1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("unit");
    }
}
