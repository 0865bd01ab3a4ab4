package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * {@link WaitingQueue#size()} against a thread that offers and polls twice over, so the queue
 * never holds more than one element: a size read while that happens is 0 or 1, never 2. The
 * blocking lane's "waiting" figure is the sum of these sizes. Reading {@code head} before
 * {@code tail} counted every element offered between the two reads, taken or not (a snapshot
 * reported 33 tasks waiting in a lane with room for 4): {@code tail} comes first.
 */
@JCStressTest
@Description("WaitingQueue.size: never more than the queue held at any moment")
@Outcome(id = {"0", "1"}, expect = Expect.ACCEPTABLE, desc = "what the queue held at some moment of the read")
@Outcome(expect = Expect.FORBIDDEN, desc = "elements offered and taken during the read counted as waiting")
@State
public class WaitingQueueSizeJcstressTest {

    private static final Integer ONE = 1;
    private static final Integer TWO = 2;

    private final WaitingQueue<Integer> queue = new WaitingQueue<>(1);

    @Actor
    public void offerAndTakeTwice() {
        queue.offer(ONE);
        queue.poll();
        queue.offer(TWO);
        queue.poll();
    }

    @Actor
    public void size(J_Result r) {
        r.r1 = queue.size();
    }
}
