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
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two elements: the owner takes back the newest with {@code popIfClaimed} while a thief steals
 * twice and claims what it got. Each element is claimed exactly once and the deque is empty and
 * consistent afterwards.
 */
@JCStressTest
@Description("popIfClaimed of the newest of two elements against two steals.")
@Outcome(id = "1, 1, 0, 3", expect = ACCEPTABLE, desc = "The owner claimed the newest, the thief the oldest.")
@Outcome(id = "0, 1, 1, 3", expect = ACCEPTABLE, desc = "The thief stole and claimed both before the owner's claim.")
@Outcome(expect = FORBIDDEN, desc = "An element claimed twice or never, or the deque lost track of its indices.")
@State
public class WorkStealingDequePopClaimedTwoTest {

    private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(4);
    private final Payload newest = new Payload(2);
    private final AtomicIntegerArray claims = new AtomicIntegerArray(4);
    private final Predicate<Payload> claim = p -> claims.compareAndSet(p.value, 0, 1);

    public WorkStealingDequePopClaimedTwoTest() {
        deque.push(new Payload(1));
        deque.push(newest);
    }

    /** r1: the owner claimed the newest. */
    @Actor
    public void owner(IIII_Result r) {
        r.r1 = deque.popIfClaimed(newest, claim) ? 1 : 0;
    }

    /** r2: the thief claimed the oldest; r3: the thief claimed the newest. */
    @Actor
    public void thief(IIII_Result r) {
        for (int i = 0; i < 2; i++) {
            Payload stolen = deque.steal();
            if (stolen != null && claim.test(stolen)) {
                if (stolen.value == 1) {
                    r.r2 = 1;
                } else {
                    r.r3 = 1;
                }
            }
        }
    }

    /** r4: a later push is stealable, and nothing else is left: 3 when consistent. */
    @Arbiter
    public void after(IIII_Result r) {
        deque.push(new Payload(3));
        Payload first = deque.steal();
        r.r4 = Payload.valueOf(first) + (deque.steal() == null ? 0 : 100);
    }
}
