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
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A buffered element is published by the bounded channel's ring: the sender's release store of
 * the slot's sequence, the receiver's acquire load of it.
 */
@JCStressTest
@Description("A receiver that takes a buffered element sees the fields the sender wrote before sending it.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The receiver found the channel empty.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The receiver took the element and sees its field.")
@Outcome(expect = FORBIDDEN, desc = "The receiver took an element whose field it cannot see.")
@State
public class BufferedPublicationTest {

    private final Channel<Payload> channel = Channels.bounded(2);

    @Actor
    public void sender() {
        channel.trySend(new Payload(42));
    }

    @Actor
    public void receiver(I_Result r) {
        r.r1 = Payload.valueOf(channel.tryReceive());
    }
}
