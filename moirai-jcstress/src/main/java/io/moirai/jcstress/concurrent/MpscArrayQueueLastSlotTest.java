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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Producers claim an index only by the cas of producerIndex, after checking it against a limit
 * that both must refresh here: the cached limit (2) is used up, and consumerIndex (1) allows one
 * more.
 */
@JCStressTest
@Description("Capacity 2 holding [2] after 1 was polled: two producers offer 3 and 4 for the one free"
        + " slot; exactly one succeeds.")
@Outcome(id = "1, 0, 23", expect = ACCEPTABLE, desc = "3 took the slot.")
@Outcome(id = "0, 1, 24", expect = ACCEPTABLE, desc = "4 took the slot.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither got the slot, or an element was lost.")
@State
public class MpscArrayQueueLastSlotTest {

    private final MpscArrayQueue<Payload> queue = new MpscArrayQueue<>(2);

    public MpscArrayQueueLastSlotTest() {
        queue.offer(new Payload(1));
        queue.offer(new Payload(2));
        queue.poll();
    }

    @Actor
    public void producer1(III_Result r) {
        r.r1 = queue.offer(new Payload(3)) ? 1 : 0;
    }

    @Actor
    public void producer2(III_Result r) {
        r.r2 = queue.offer(new Payload(4)) ? 1 : 0;
    }

    @Arbiter
    public void left(III_Result r) {
        r.r3 = Remaining.of(queue);
    }
}
