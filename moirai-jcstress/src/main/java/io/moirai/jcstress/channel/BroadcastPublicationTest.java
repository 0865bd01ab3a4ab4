package io.moirai.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.channel.BroadcastChannel;
import io.moirai.channel.Channels;
import io.moirai.channel.ReceiveChannel;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** A broadcast send adds the element to each subscription under that subscription's lock. */
@JCStressTest
@Description("A subscriber that receives a broadcast element sees the fields written before the send.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The subscriber found its buffer empty.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The subscriber took the element and sees its field.")
@Outcome(expect = FORBIDDEN, desc = "The subscriber took an element whose field it cannot see.")
@State
public class BroadcastPublicationTest {

    private final BroadcastChannel<Payload> broadcast = Channels.broadcast(2);
    private final ReceiveChannel<Payload> subscription = broadcast.subscribe();

    @Actor
    public void sender() {
        broadcast.trySend(new Payload(42));
    }

    @Actor
    public void subscriber(I_Result r) {
        r.r1 = Payload.valueOf(subscription.tryReceive());
    }
}
