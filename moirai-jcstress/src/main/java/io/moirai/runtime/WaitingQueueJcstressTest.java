package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@link WaitingQueue} with two producers and two consumers racing, on segments of one slot, so
 * every offer appends a segment and every poll moves past one: each element is taken exactly
 * once, and none is lost. A consumer that claims an index reads the element the producer's
 * release store published; a consumer that reads a cleared slot retries instead of taking it
 * again; a poll that answers empty leaves the element for a later poll.
 *
 * <p>r1, r2: what each consumer took (1 or 2; 0 for nothing). r3: what the arbiter's polls took
 * afterwards, as a bit mask (bit 0 for element 1, bit 1 for element 2).
 */
@JCStressTest
@Description("WaitingQueue: two producers, two consumers, each element taken exactly once")
@Outcome(id = {"0, 0, 3"}, expect = Expect.ACCEPTABLE, desc = "both polls came before the offers")
@Outcome(id = {"1, 0, 2", "0, 1, 2", "2, 0, 1", "0, 2, 1"}, expect = Expect.ACCEPTABLE, desc = "one poll took one element")
@Outcome(id = {"1, 2, 0", "2, 1, 0"}, expect = Expect.ACCEPTABLE, desc = "each poll took one element")
@Outcome(expect = Expect.FORBIDDEN, desc = "an element lost or taken twice")
@State
public class WaitingQueueJcstressTest {

    private static final Integer ONE = 1;
    private static final Integer TWO = 2;

    private final WaitingQueue<Integer> queue = new WaitingQueue<>(1);

    @Actor
    public void producerOne() {
        queue.offer(ONE);
    }

    @Actor
    public void producerTwo() {
        queue.offer(TWO);
    }

    @Actor
    public void consumerOne(III_Result r) {
        r.r1 = valueOf(queue.poll());
    }

    @Actor
    public void consumerTwo(III_Result r) {
        r.r2 = valueOf(queue.poll());
    }

    @Arbiter
    public void rest(III_Result r) {
        int mask = 0;
        for (Integer element; (element = queue.poll()) != null; ) {
            int bit = 1 << (element - 1);
            mask |= (mask & bit) != 0 ? 4 : bit; // 4+: taken twice
        }
        r.r3 = mask;
    }

    private static int valueOf(Integer element) {
        return element == null ? 0 : element;
    }
}
