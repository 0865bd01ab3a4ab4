package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Predicate;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The owner takes the only element back with {@code popIfClaimed}, whose claim (a CAS) is its
 * only fence, while a thief steals and then claims what it stole, as a worker does with a task.
 */
@JCStressTest
@Description("popIfClaimed against a steal of the last element: exactly one claim wins and the deque stays consistent.")
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "The owner claimed it; the thief found the deque empty or the element claimed.")
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "The thief stole and claimed it first; the owner's claim failed.")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both claimed the element.")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "Nobody claimed the element.")
@Outcome(expect = FORBIDDEN, desc = "The deque lost track of its indices: a later push was not stealable.")
@State
public class WorkStealingDequePopClaimedTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(2);
    private final Payload only = new Payload(1);
    private final AtomicIntegerArray claims = new AtomicIntegerArray(3);
    private final Predicate<Payload> claim = p -> claims.compareAndSet(p.value, 0, 1);

    public WorkStealingDequePopClaimedTest() {
        deque.push(only);
    }

    @Actor
    public void owner(III_Result r) {
        r.r1 = deque.popIfClaimed(only, claim) ? 1 : 0;
    }

    @Actor
    public void thief(III_Result r) {
        Payload stolen = deque.steal();
        r.r2 = stolen != null && claim.test(stolen) ? 1 : 0;
    }

    @Arbiter
    public void after(III_Result r) {
        deque.push(new Payload(2));
        r.r3 = Payload.valueOf(deque.steal());
    }
}
