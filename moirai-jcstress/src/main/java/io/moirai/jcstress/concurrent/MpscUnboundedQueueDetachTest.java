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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A producer that read the hint before the consumer detached that chunk (a release store of
 * consumerChunk, then a release store of the self-link) sees the new consumerChunk when it
 * acquires the self-link, and finds its slot from there. The consumer is also the second
 * producer, since jcstress runs at most two actors here.
 */
@JCStressTest
@Description("Chunks of one slot holding [1]: one thread offers 2 while another offers 3 and then polls"
        + " three times, detaching the chunks it leaves; the arbiter lists what is left.")
@Outcome(id = "1, 3, 0, 2", expect = ACCEPTABLE, desc = "3 claimed first; 2 was claimed after the last poll.")
@Outcome(id = "1, 3, 2, 0", expect = ACCEPTABLE, desc = "3 claimed first; the last poll took 2.")
@Outcome(id = "1, 2, 3, 0", expect = ACCEPTABLE, desc = "2 claimed first; the polls took both.")
@Outcome(expect = FORBIDDEN, desc = "An element was lost, duplicated, misplaced or read before it was written.")
@State
public class MpscUnboundedQueueDetachTest {

    private final MpscUnboundedQueue<Payload> queue = new MpscUnboundedQueue<>(1);

    public MpscUnboundedQueueDetachTest() {
        queue.offer(new Payload(1));
    }

    @Actor
    public void producer() {
        queue.offer(new Payload(2));
    }

    @Actor
    public void consumer(IIII_Result r) {
        queue.offer(new Payload(3));
        r.r1 = Payload.valueOf(queue.poll());
        r.r2 = Payload.valueOf(queue.poll());
        r.r3 = Payload.valueOf(queue.poll());
    }

    @Arbiter
    public void left(IIII_Result r) {
        r.r4 = Remaining.of(queue);
    }
}
