package io.moirai.jcstress.concurrent;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.concurrent.TreiberStack;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** Push publishes the node and its element by the cas of top; pop reads top with an acquire load. */
@JCStressTest
@Description("A thread that pops an element sees the fields the pusher wrote before pushing it.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The popper saw the stack empty.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The popper took the element and sees its field.")
@Outcome(expect = FORBIDDEN, desc = "The popper took an element whose field it cannot see.")
@State
public class TreiberStackPublicationTest {

    private final TreiberStack<Payload> stack = new TreiberStack<>();

    @Actor
    public void pusher() {
        stack.push(new Payload(42));
    }

    @Actor
    public void popper(I_Result r) {
        r.r1 = Payload.valueOf(stack.pop());
    }
}
