package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** Push publishes the element: the plain slot write and the release store of bottom. */
@JCStressTest
@Description("A thief that steals an element sees the fields the owner wrote before pushing it.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "The thief saw the deque empty.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The thief took the element and sees its field.")
@Outcome(expect = FORBIDDEN, desc = "The thief took an element whose field it cannot see.")
@State
public class WorkStealingDequePublicationTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(2);

    @Actor
    public void owner() {
        deque.push(new Payload(42));
    }

    @Actor
    public void thief(I_Result r) {
        r.r1 = Payload.valueOf(deque.steal());
    }
}
