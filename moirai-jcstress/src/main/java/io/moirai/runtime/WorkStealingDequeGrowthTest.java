package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The grown array is published by a release store and read by an acquire load: a thief that
 * sees the new array sees the elements copied into it.
 */
@JCStressTest
@Description("The owner pushes 2 and 3 into a full deque of capacity 1 holding 1, growing it twice,"
        + " while a thief steals twice; the arbiter counts what is left.")
@Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "The thief took 1 and 2; 3 is left.")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "The thief took 1, then saw the deque empty; 2 and 3 are left.")
@Outcome(expect = FORBIDDEN, desc = "An element was lost, duplicated, out of order, or seen before it was published.")
@State
public class WorkStealingDequeGrowthTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(1);

    public WorkStealingDequeGrowthTest() {
        deque.push(new Payload(1));
    }

    @Actor
    public void owner() {
        deque.push(new Payload(2));
        deque.push(new Payload(3));
    }

    @Actor
    public void thief(III_Result r) {
        r.r1 = Payload.valueOf(deque.steal());
        r.r2 = Payload.valueOf(deque.steal());
    }

    @Arbiter
    public void left(III_Result r) {
        r.r3 = deque.drainTo(p -> { });
    }
}
