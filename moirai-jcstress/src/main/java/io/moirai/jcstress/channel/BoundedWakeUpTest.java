package io.moirai.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.channel.Channel;
import io.moirai.channel.Channels;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The receiver's half of the bounded channel's Dekker pair. A receive that finds the ring empty
 * queues a waiter (a volatile store of the queue's size) and then polls again (whose "empty"
 * rests on a volatile load of the producer index); a send adds to the ring by cas and then reads
 * the queue's size. If either pair were weakened to release and acquire, both could miss the
 * other: the element would sit in the ring while the receive waits. The receive here is
 * {@code receiveAsync}, which queues at once instead of spinning first, so the race is the
 * registration itself.
 */
@JCStressTest
@Description("A receive that queues while a send adds an element is not left waiting with the element in the ring.")
@Outcome(id = "7, 0", expect = ACCEPTABLE, desc = "The receive got the element, from the ring or from the sender.")
@Outcome(id = "0, 7", expect = FORBIDDEN, desc = "Lost wake-up: the receive waits while the element is buffered.")
@Outcome(expect = FORBIDDEN, desc = "An element lost or duplicated.")
@State
public class BoundedWakeUpTest {

    private final Channel<Integer> channel = Channels.bounded(1);
    private CompletableFuture<Integer> waiting;

    @Actor
    public void receiver() {
        waiting = channel.receiveAsync().toCompletableFuture();
    }

    @Actor
    public void sender() {
        channel.trySend(7);
    }

    @Arbiter
    public void check(II_Result r) {
        Integer got = waiting.getNow(null);
        Integer left = channel.tryReceive();
        r.r1 = got == null ? 0 : got;
        r.r2 = left == null ? 0 : left;
    }
}
