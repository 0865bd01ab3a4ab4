package io.moirai.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.channel.Channel;
import io.moirai.channel.Channels;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** A oneshot closes itself with its element: whoever receives it sees the channel closed and drained. */
@JCStressTest
@Description("A receiver that took a oneshot's element sees its field and the channel closed for receive.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Nothing received yet; the channel may be open.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Nothing received, and the receiver saw the element arrive after its poll: closed, not drained.")
@Outcome(id = "42, 1", expect = ACCEPTABLE, desc = "Received; closed and drained.")
@Outcome(expect = FORBIDDEN, desc = "Received an invisible field, or received and the channel still open.")
@State
public class OneshotReceiveClosesTest {

    private final Channel<Payload> channel = Channels.oneshot();

    @Actor
    public void sender() {
        channel.trySend(new Payload(42));
    }

    @Actor
    public void receiver(II_Result r) {
        Payload p = channel.tryReceive();
        r.r1 = Payload.valueOf(p);
        r.r2 = p == null ? (channel.isClosedForSend() ? 1 : 0) : (channel.isClosedForReceive() ? 1 : 0);
    }
}
