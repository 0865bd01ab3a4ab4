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
 * The store&ndash;load ordering in pop: the owner must store {@code bottom} before it loads
 * {@code top}. The owner pops index 1 cas-free when it sees {@code top == 0}; if its store of
 * {@code bottom} could still be invisible after the thief's first steal moved {@code top} to 1,
 * the thief's second steal would read the old {@code bottom} and take index 1 as well.
 */
@JCStressTest
@Description("From [1, 2], the owner pops once while a thief steals twice: the owner's cas-free"
        + " pop of 2 and the thief's second steal never both take 2.")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "The owner took 2, the thief 1, then saw the deque empty.")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "The thief took both; the owner saw the deque empty.")
@Outcome(id = "2, 1, 2", expect = FORBIDDEN, desc = "Both took 2: the owner's claim was not seen.")
@Outcome(expect = FORBIDDEN, desc = "An element was lost, taken twice or out of order.")
@State
public class WorkStealingDequePopStealStealTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(2);

    public WorkStealingDequePopStealStealTest() {
        deque.push(new Payload(1));
        deque.push(new Payload(2));
    }

    @Actor
    public void owner(III_Result r) {
        r.r1 = Payload.valueOf(deque.pop());
    }

    @Actor
    public void thief(III_Result r) {
        r.r2 = Payload.valueOf(deque.steal());
        r.r3 = Payload.valueOf(deque.steal());
    }
}
