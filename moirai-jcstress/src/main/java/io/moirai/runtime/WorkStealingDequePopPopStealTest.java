package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The owner's cas-free pop and the Dekker pair: after the owner claims index 1 without a cas,
 * no thief may take it, and index 0 goes to exactly one of them.
 */
@JCStressTest
@Description("Owner pops twice, a thief steals once, from [1, 2]: each element is taken exactly once.")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "The owner took both; the thief saw the deque empty.")
@Outcome(id = "2, 0, 1", expect = ACCEPTABLE, desc = "The thief took the oldest; the owner the newest.")
@Outcome(expect = FORBIDDEN, desc = "An element was taken twice or lost, or out of order.")
@State
public class WorkStealingDequePopPopStealTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(2);

    public WorkStealingDequePopPopStealTest() {
        deque.push(new Payload(1));
        deque.push(new Payload(2));
    }

    @Actor
    public void owner(III_Result r) {
        r.r1 = Payload.valueOf(deque.pop());
        r.r2 = Payload.valueOf(deque.pop());
    }

    @Actor
    public void thief(III_Result r) {
        r.r3 = Payload.valueOf(deque.steal());
    }
}
