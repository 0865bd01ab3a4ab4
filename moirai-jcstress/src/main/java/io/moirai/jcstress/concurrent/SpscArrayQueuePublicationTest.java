package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.SpscArrayQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** Offer publishes the element: offer's release store of the slot and poll's acquire load of it. */
@JCStressTest
@Description("A consumer that polls an element sees the fields the producer wrote before offering it.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The consumer saw the queue empty.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The consumer took the element and sees its field.")
@Outcome(expect = FORBIDDEN, desc = "The consumer took an element whose field it cannot see.")
@State
public class SpscArrayQueuePublicationTest {

    private final SpscArrayQueue<Payload> queue = new SpscArrayQueue<>(4);

    @Actor
    public void producer() {
        queue.offer(new Payload(42));
    }

    @Actor
    public void consumer(I_Result r) {
        r.r1 = Payload.valueOf(queue.poll());
    }
}
