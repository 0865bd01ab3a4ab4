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
 * {@link WaitingQueue} with two threads that each offer an element and then poll one, racing as
 * producers and as consumers, on segments of one slot, so every offer appends a segment and
 * every poll moves past one. One element (3) is queued before they start. Each element is taken
 * exactly once, none is lost, and the oldest goes first: a consumer that claims an index reads
 * the element the producer's release store published; a consumer that reads a cleared slot
 * retries instead of taking it again; a poll never answers empty while an element offered
 * before it began is still there. Two actors, so the test runs on a machine of two CPUs (the
 * four-actor version it replaces could not be scheduled there and never ran).
 *
 * <p>r1, r2: what each thread's poll took. r3: what the arbiter's polls took afterwards, as a bit
 * mask (bit 0 for element 1, bit 1 for element 2, bit 2 for element 3; 8 when one was taken
 * twice).
 */
@JCStressTest
@Description("WaitingQueue: two producing consumers, each element taken exactly once, oldest first")
@Outcome(id = {"3, 1, 2", "3, 2, 1", "1, 3, 2", "2, 3, 1"}, expect = Expect.ACCEPTABLE, desc = "the queued element first, then one of the offered ones")
@Outcome(expect = Expect.FORBIDDEN, desc = "an element lost, taken twice, or taken before an older one")
@State
public class WaitingQueueJcstressTest {

    private static final Integer ONE = 1;
    private static final Integer TWO = 2;
    private static final Integer THREE = 3;

    private final WaitingQueue<Integer> queue = new WaitingQueue<>(1);

    public WaitingQueueJcstressTest() {
        queue.offer(THREE);
    }

    @Actor
    public void first(III_Result r) {
        queue.offer(ONE);
        r.r1 = valueOf(queue.poll());
    }

    @Actor
    public void second(III_Result r) {
        queue.offer(TWO);
        r.r2 = valueOf(queue.poll());
    }

    @Arbiter
    public void rest(III_Result r) {
        int mask = 0;
        for (Integer element; (element = queue.poll()) != null; ) {
            int bit = 1 << (element - 1);
            mask |= (mask & bit) != 0 ? 8 : bit;
        }
        r.r3 = mask == 1 || mask == 2 ? mask : mask + 16; // exactly one element left: 1 or 2
    }

    private static int valueOf(Integer element) {
        return element == null ? 0 : element;
    }
}
