package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Batch stealing is safe against the owner's cas-free pops (a single cas of top over several
 * indices would not be). Results are bit masks of the elements each party took: 1, 2 and 4.
 */
@JCStressTest
@Description("From [1, 2, 4], the owner pops three times while a thief steals a batch into its own"
        + " deque: every element is taken exactly once, the thief's from the oldest end.")
@Outcome(id = "7, 0", expect = ACCEPTABLE, desc = "The owner took all; the thief saw the deque empty.")
@Outcome(id = "6, 1", expect = ACCEPTABLE, desc = "The thief took 1; the owner 4 and 2.")
@Outcome(id = "4, 3", expect = ACCEPTABLE, desc = "The thief took 1 and 2 (half, rounded up); the owner 4.")
@Outcome(expect = FORBIDDEN, desc = "An element was taken twice or lost, or the thief took more than half.")
@State
public class WorkStealingDequeBatchStealTest {

    private final WorkStealingDeque<Payload> victim = new WorkStealingDeque<>(4);
    private final WorkStealingDeque<Payload> stolen = new WorkStealingDeque<>(4);

    public WorkStealingDequeBatchStealTest() {
        victim.push(new Payload(1));
        victim.push(new Payload(2));
        victim.push(new Payload(4));
    }

    @Actor
    public void owner(II_Result r) {
        int taken = 0;
        for (int i = 0; i < 3; i++) {
            taken |= Payload.valueOf(victim.pop());
        }
        r.r1 = taken;
    }

    @Actor
    public void thief(II_Result r) {
        int taken = Payload.valueOf(victim.stealBatch(stolen, 8));
        for (Payload p; (p = stolen.pop()) != null; ) {
            taken |= p.value;
        }
        r.r2 = taken;
    }
}
