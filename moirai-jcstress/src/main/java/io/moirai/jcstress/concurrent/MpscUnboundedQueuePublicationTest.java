package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.MpscUnboundedQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Offer publishes the element across a chunk boundary: the producer links a new chunk by cas and
 * writes the slot with a release store; the consumer reaches the chunk through an acquire load of
 * the link and reads the slot with an acquire load.
 */
@JCStressTest
@Description("Chunks of one slot, the first one used up: the producer offers into a chunk it must link"
        + " while the consumer polls; a consumer that takes the element sees its field.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The consumer saw the queue empty.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The consumer took the element and sees its field.")
@Outcome(expect = FORBIDDEN, desc = "The consumer took an element whose field it cannot see.")
@State
public class MpscUnboundedQueuePublicationTest {

    private final MpscUnboundedQueue<Payload> queue = new MpscUnboundedQueue<>(1);

    public MpscUnboundedQueuePublicationTest() {
        queue.offer(new Payload(1));
        queue.poll();
    }

    @Actor
    public void producer() {
        queue.offer(new Payload(42));
    }

    @Actor
    public void consumer(I_Result r) {
        r.r1 = Payload.valueOf(queue.poll());
    }
}
