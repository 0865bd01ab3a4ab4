package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** Pop and steal race for the last element through the cas of top. */
@JCStressTest
@Description("When the owner pops and a thief steals the only element, exactly one of them gets it.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The owner got it; the thief saw the deque empty.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The thief got it; the owner saw the deque empty.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Both took the element.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "The element was lost.")
@Outcome(expect = FORBIDDEN, desc = "Something else was taken.")
@State
public class WorkStealingDequeLastElementTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(2);

    public WorkStealingDequeLastElementTest() {
        deque.push(new Payload(1));
    }

    @Actor
    public void owner(II_Result r) {
        r.r1 = Payload.valueOf(deque.pop());
    }

    @Actor
    public void thief(II_Result r) {
        r.r2 = Payload.valueOf(deque.steal());
    }
}
