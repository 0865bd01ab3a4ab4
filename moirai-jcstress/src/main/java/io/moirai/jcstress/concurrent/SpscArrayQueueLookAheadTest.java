package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.SpscArrayQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The producer's look-ahead never lets it overwrite an element the consumer has not taken: at
 * capacity 4 it looks one slot ahead, and once it sees that slot freed (acquire load of the
 * consumer's release store of null) it fills its own slot and the one ahead without reading
 * them. The consumer stores its index before freeing a slot, and reads a slot before freeing
 * it, so it never reads a refilled slot.
 */
@JCStressTest
@Description("Capacity 4 full with [1, 2, 3, 4]: the consumer polls twice while the producer offers"
        + " 5 and 6, into the slots of 1 and 2 once freed; the arbiter lists what is left.")
@Outcome(id = "1, 2, 0, 34", expect = ACCEPTABLE, desc = "Both offers found the queue full.")
@Outcome(id = "1, 2, 1, 345", expect = ACCEPTABLE, desc = "5 found room, 6 found the queue full.")
@Outcome(id = "1, 2, 2, 346", expect = ACCEPTABLE, desc = "5 found the queue full, 6 found room.")
@Outcome(id = "1, 2, 3, 3456", expect = ACCEPTABLE, desc = "Both found room.")
@Outcome(expect = FORBIDDEN, desc = "An element was overwritten, lost, duplicated or read before it was written.")
@State
public class SpscArrayQueueLookAheadTest {

    private final SpscArrayQueue<Payload> queue = new SpscArrayQueue<>(4);

    public SpscArrayQueueLookAheadTest() {
        for (int i = 1; i <= 4; i++) {
            queue.offer(new Payload(i));
        }
    }

    @Actor
    public void producer(IIII_Result r) {
        r.r3 = (queue.offer(new Payload(5)) ? 1 : 0) | (queue.offer(new Payload(6)) ? 2 : 0);
    }

    @Actor
    public void consumer(IIII_Result r) {
        r.r1 = Payload.valueOf(queue.poll());
        r.r2 = Payload.valueOf(queue.poll());
    }

    @Arbiter
    public void left(IIII_Result r) {
        r.r4 = Remaining.of(queue);
    }
}
