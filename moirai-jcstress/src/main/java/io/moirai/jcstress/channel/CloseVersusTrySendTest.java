package io.moirai.jcstress.channel;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.channel.Channel;
import io.moirai.channel.ChannelClosedException;
import io.moirai.channel.Channels;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Close and trySend are ordered by the ring's producer index, which holds the closed flag: a
 * send's claim (a cas) fails once the flag is set, so a send that succeeded is received after
 * the close and one that failed left nothing behind.
 */
@JCStressTest
@Description("A trySend that succeeds concurrently with close is still received; one that fails is not.")
@Outcome(id = "1, 1, 7", expect = ACCEPTABLE, desc = "Sent before the close; the element is drained afterwards.")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "Closed first; the send failed with ChannelClosedException.")
@Outcome(expect = FORBIDDEN, desc = "An element lost, duplicated, or a close that did not close.")
@State
public class CloseVersusTrySendTest {

    private final Channel<Integer> channel = Channels.bounded(1);

    @Actor
    public void sender(III_Result r) {
        try {
            r.r1 = channel.trySend(7) ? 1 : 0;
        } catch (ChannelClosedException e) {
            r.r1 = 2;
        }
    }

    @Actor
    public void closer(III_Result r) {
        r.r2 = channel.close() ? 1 : 0;
    }

    @Arbiter
    public void drain(III_Result r) {
        Integer e = channel.tryReceive();
        r.r3 = e == null ? 0 : e;
        if (channel.tryReceive() != null || !channel.isClosedForReceive()) {
            r.r3 = -1;
        }
    }
}
