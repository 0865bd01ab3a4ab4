package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** Thieves claim an index only by the cas of top. */
@JCStressTest
@Description("Two thieves steal the only element: exactly one gets it.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The first thief got it.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The second thief got it.")
@Outcome(expect = FORBIDDEN, desc = "The element was taken twice or lost.")
@State
public class WorkStealingDequeTwoThievesTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(2);

    public WorkStealingDequeTwoThievesTest() {
        deque.push(new Payload(1));
    }

    @Actor
    public void thief1(II_Result r) {
        r.r1 = Payload.valueOf(deque.steal());
    }

    @Actor
    public void thief2(II_Result r) {
        r.r2 = Payload.valueOf(deque.steal());
    }
}
