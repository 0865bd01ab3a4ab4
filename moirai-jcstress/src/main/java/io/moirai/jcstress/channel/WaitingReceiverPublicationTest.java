package io.moirai.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.channel.Channel;
import io.moirai.channel.Channels;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A hand-off to a waiting receiver on a rendezvous channel: the sender claims the receiver's
 * party by cas, writes the element into it and publishes DONE with a release store. The waiter
 * here is an asynchronous receive registered before the actors start; the reader polls the
 * future, so the test checks the whole chain the user relies on.
 */
@JCStressTest
@Description("A waiting receiver served by a rendezvous send sees the fields written before the send.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The hand-off had not completed yet.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The receiver got the element and sees its field.")
@Outcome(expect = FORBIDDEN, desc = "The receiver got an element whose field it cannot see.")
@State
public class WaitingReceiverPublicationTest {

    private final Channel<Payload> channel = Channels.rendezvous();
    private final CompletableFuture<Payload> waiting = channel.receiveAsync().toCompletableFuture();

    @Actor
    public void sender() {
        channel.trySend(new Payload(42));
    }

    @Actor
    public void receiver(I_Result r) {
        r.r1 = Payload.valueOf(waiting.getNow(null));
    }
}
