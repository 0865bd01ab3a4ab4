package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.MpmcArrayQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The slot's sequence hands it back and forth: the consumer reads and clears the element before
 * its release store of 2 (c + capacity), which the producer acquires before writing; the
 * producer writes before its release store of 2 p + 1, which the consumer acquires before
 * reading. At capacity 1 every offer and poll goes through the one slot.
 */
@JCStressTest
@Description("Capacity 1 holding [1]: a consumer polls twice while a producer offers 2 into the one"
        + " slot; the arbiter lists what is left.")
@Outcome(id = "1, 0, 0, 0", expect = ACCEPTABLE, desc = "The offer found the queue full.")
@Outcome(id = "1, 0, 1, 2", expect = ACCEPTABLE, desc = "The offer came after both polls.")
@Outcome(id = "1, 2, 1, 0", expect = ACCEPTABLE, desc = "The second poll took the offered element and sees its field.")
@Outcome(expect = FORBIDDEN, desc = "An element was overwritten, erased, lost, duplicated or read before it was written.")
@State
public class MpmcArrayQueueSequenceHandoffTest {

    private final MpmcArrayQueue<Payload> queue = new MpmcArrayQueue<>(1);

    public MpmcArrayQueueSequenceHandoffTest() {
        queue.offer(new Payload(1));
    }

    @Actor
    public void producer(IIII_Result r) {
        r.r3 = queue.offer(new Payload(2)) ? 1 : 0;
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
