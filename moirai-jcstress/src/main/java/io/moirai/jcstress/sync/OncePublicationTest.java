package io.moirai.jcstress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.sync.Once;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** The end of the action is a volatile store of the state, read by isDone()'s volatile load. */
@JCStressTest
@Description("A thread for which Once.isDone() is true sees everything the action wrote.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "The observer looked before the action finished.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The observer saw the action's write.")
@Outcome(expect = FORBIDDEN, desc = "isDone() was true but the action's write was not visible.")
@State
public class OncePublicationTest {

    private final Once once = new Once();
    private Box box;

    @Actor
    public void runner() {
        once.run(() -> box = new Box(42));
    }

    @Actor
    public void observer(I_Result r) {
        r.r1 = once.isDone() ? box.value : -1;
    }
}
