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
import org.openjdk.jcstress.infra.results.III_Result;

/** Producers claim an index only by the cas of producerIndex; the loser finds the queue full. */
@JCStressTest
@Description("Capacity 2 holding [1]: two producers offer 2 and 3 for the one free slot; exactly one"
        + " succeeds.")
@Outcome(id = "1, 0, 12", expect = ACCEPTABLE, desc = "2 took the slot.")
@Outcome(id = "0, 1, 13", expect = ACCEPTABLE, desc = "3 took the slot.")
@Outcome(expect = FORBIDDEN, desc = "Both or neither got the slot, or an element was lost.")
@State
public class MpmcArrayQueueTwoProducersTest {

    private final MpmcArrayQueue<Payload> queue = new MpmcArrayQueue<>(2);

    public MpmcArrayQueueTwoProducersTest() {
        queue.offer(new Payload(1));
    }

    @Actor
    public void producer1(III_Result r) {
        r.r1 = queue.offer(new Payload(2)) ? 1 : 0;
    }

    @Actor
    public void producer2(III_Result r) {
        r.r2 = queue.offer(new Payload(3)) ? 1 : 0;
    }

    @Arbiter
    public void left(III_Result r) {
        r.r3 = Remaining.of(queue);
    }
}
