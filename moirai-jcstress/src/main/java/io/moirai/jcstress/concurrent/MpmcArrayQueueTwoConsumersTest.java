package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.MpmcArrayQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** Consumers claim an index only by the cas of consumerIndex. */
@JCStressTest
@Description("Capacity 2 holding [1, 2]: two consumers poll once each; each gets a different element.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The first consumer came first.")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "The second consumer came first.")
@Outcome(expect = FORBIDDEN, desc = "An element was taken twice or missed.")
@State
public class MpmcArrayQueueTwoConsumersTest {

    private final MpmcArrayQueue<Payload> queue = new MpmcArrayQueue<>(2);

    public MpmcArrayQueueTwoConsumersTest() {
        queue.offer(new Payload(1));
        queue.offer(new Payload(2));
    }

    @Actor
    public void consumer1(II_Result r) {
        r.r1 = Payload.valueOf(queue.poll());
    }

    @Actor
    public void consumer2(II_Result r) {
        r.r2 = Payload.valueOf(queue.poll());
    }
}
