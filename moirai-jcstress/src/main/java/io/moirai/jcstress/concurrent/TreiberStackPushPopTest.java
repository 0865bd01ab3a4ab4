package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.TreiberStack;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A push and a pop race by cas for the top; the loser retries with the top the winner left. The
 * pushed node's next is written before its cas, and a popper that took the pushed node and then
 * pops again reaches the node below it.
 */
@JCStressTest
@Description("Stack [1]: one thread pushes 2 while another pops once; the arbiter lists what is left,"
        + " top first.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The pop came first and took 1.")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "The push came first; the pop took 2.")
@Outcome(expect = FORBIDDEN, desc = "An element was lost, duplicated or unlinked.")
@State
public class TreiberStackPushPopTest {

    private final TreiberStack<Payload> stack = new TreiberStack<>();

    public TreiberStackPushPopTest() {
        stack.push(new Payload(1));
    }

    @Actor
    public void pusher() {
        stack.push(new Payload(2));
    }

    @Actor
    public void popper(II_Result r) {
        r.r1 = Payload.valueOf(stack.pop());
    }

    @Arbiter
    public void left(II_Result r) {
        r.r2 = Remaining.of(stack);
    }
}
