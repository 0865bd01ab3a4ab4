package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.MpscUnboundedQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Producers that both find a link missing race to append by cas, and both use the winner's
 * chunk: no element is written into a chunk that is not linked.
 */
@JCStressTest
@Description("Chunks of one slot holding [1]: two producers offer 2 and 3, each into a chunk not yet"
        + " linked; the arbiter lists the queue.")
@Outcome(id = "123", expect = ACCEPTABLE, desc = "2 claimed its index first.")
@Outcome(id = "132", expect = ACCEPTABLE, desc = "3 claimed its index first.")
@Outcome(expect = FORBIDDEN, desc = "An element was lost, duplicated or written into an unlinked chunk.")
@State
public class MpscUnboundedQueueTwoProducersTest {

    private final MpscUnboundedQueue<Payload> queue = new MpscUnboundedQueue<>(1);

    public MpscUnboundedQueueTwoProducersTest() {
        queue.offer(new Payload(1));
    }

    @Actor
    public void producer1() {
        queue.offer(new Payload(2));
    }

    @Actor
    public void producer2() {
        queue.offer(new Payload(3));
    }

    @Arbiter
    public void left(I_Result r) {
        r.r1 = Remaining.of(queue);
    }
}
