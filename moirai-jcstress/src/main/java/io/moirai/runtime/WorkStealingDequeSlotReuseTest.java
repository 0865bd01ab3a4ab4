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
 * The owner reuses a slot only after an acquire load of top has shown it the cas that freed the
 * slot, so the thief's read of the slot, made before that cas, never sees the new element.
 */
@JCStressTest
@Description("Capacity 2 holding [1, 2]: the owner pushes 3 and 4, which reuse the slots of 1 and 2"
        + " once stolen, while a thief steals twice; the arbiter counts what is left.")
@Outcome(id = "1, 2, 2", expect = ACCEPTABLE, desc = "The thief took 1 and 2; 3 and 4 are left.")
@Outcome(expect = FORBIDDEN, desc = "The thief read a slot after the owner refilled it, or an element was lost.")
@State
public class WorkStealingDequeSlotReuseTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(2);

    public WorkStealingDequeSlotReuseTest() {
        deque.push(new Payload(1));
        deque.push(new Payload(2));
    }

    @Actor
    public void owner() {
        deque.push(new Payload(3));
        deque.push(new Payload(4));
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
