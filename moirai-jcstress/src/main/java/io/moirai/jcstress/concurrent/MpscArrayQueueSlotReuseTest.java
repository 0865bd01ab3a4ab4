package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.MpscArrayQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A producer reuses a slot only after an acquire load of consumerIndex (here through a fresh
 * producer limit) has shown it the consumer's release store, which comes after the consumer read
 * and cleared the slot: the clearing never erases the new element, and the consumer never reads
 * the new element in place of the old one.
 */
@JCStressTest
@Description("Capacity 2 full with [1, 2]: the consumer polls twice while a producer offers 3 and 4,"
        + " into the slots of 1 and 2 once freed; the arbiter lists what is left.")
@Outcome(id = "1, 2, 0, 0", expect = ACCEPTABLE, desc = "Both offers found the queue full.")
@Outcome(id = "1, 2, 1, 3", expect = ACCEPTABLE, desc = "3 found room, 4 found the queue full.")
@Outcome(id = "1, 2, 2, 4", expect = ACCEPTABLE, desc = "3 found the queue full, 4 found room.")
@Outcome(id = "1, 2, 3, 34", expect = ACCEPTABLE, desc = "Both found room.")
@Outcome(expect = FORBIDDEN, desc = "An element was overwritten, erased, lost or read before it was written.")
@State
public class MpscArrayQueueSlotReuseTest {

    private final MpscArrayQueue<Payload> queue = new MpscArrayQueue<>(2);

    public MpscArrayQueueSlotReuseTest() {
        queue.offer(new Payload(1));
        queue.offer(new Payload(2));
    }

    @Actor
    public void producer(IIII_Result r) {
        r.r3 = (queue.offer(new Payload(3)) ? 1 : 0) | (queue.offer(new Payload(4)) ? 2 : 0);
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
