package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.TreiberStack;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two pops race by cas for the top; the loser retries from the new top. The winner clears its
 * node's next with a plain store after its cas, which the loser may read, and then fails its
 * cas anyway, since the popped node never returns to the top.
 */
@JCStressTest
@Description("Stack [2 on top of 1]: two threads pop once each; each gets a different element.")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "The first popper came first.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The second popper came first.")
@Outcome(expect = FORBIDDEN, desc = "An element was taken twice or missed.")
@State
public class TreiberStackPopPopTest {

    private final TreiberStack<Payload> stack = new TreiberStack<>();

    public TreiberStackPopPopTest() {
        stack.push(new Payload(1));
        stack.push(new Payload(2));
    }

    @Actor
    public void popper1(II_Result r) {
        r.r1 = Payload.valueOf(stack.pop());
    }

    @Actor
    public void popper2(II_Result r) {
        r.r2 = Payload.valueOf(stack.pop());
    }
}
