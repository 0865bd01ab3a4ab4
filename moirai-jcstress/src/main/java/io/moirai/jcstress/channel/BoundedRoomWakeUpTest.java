package io.moirai.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.channel.Channel;
import io.moirai.channel.Channels;
import io.moirai.channel.Select;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The sender's half of the bounded channel's Dekker pair, mirrored: a send that finds the ring
 * full queues a waiter and offers again (whose "full" rests on a volatile load of the consumer
 * index); a receive takes from the ring by cas and then reads the senders' queue size. The send
 * is a select's send case, which queues without spinning first, and which the receiver serves
 * by holding the select's party while it puts the value into the ring. A lost wake-up shows as
 * a select that times out although room was made at once.
 */
@JCStressTest
@Description("A send that queues on a full channel while a receive makes room is not left waiting.")
@Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "The select's value went in once the receive made room.")
@Outcome(id = "0, 1, 0", expect = FORBIDDEN, desc = "Lost wake-up: the select waited out its timeout beside free room.")
@Outcome(expect = FORBIDDEN, desc = "An element lost or duplicated, or a select that fired without sending.")
@State
public class BoundedRoomWakeUpTest {

    private final Channel<Integer> channel = Channels.bounded(1);
    private final Select<Integer> select = Select.<Integer>create().onSend(channel, 2, () -> 1);

    public BoundedRoomWakeUpTest() {
        channel.trySend(1);
    }

    @Actor
    public void sender(III_Result r) {
        try {
            r.r1 = select.select(1, TimeUnit.SECONDS).orElse(0);
        } catch (InterruptedException e) {
            r.r1 = -1;
        }
    }

    @Actor
    public void receiver(III_Result r) {
        Integer e = channel.tryReceive();
        r.r2 = e == null ? 0 : e;
    }

    @Arbiter
    public void check(III_Result r) {
        Integer e = channel.tryReceive();
        r.r3 = e == null ? 0 : e;
    }
}
