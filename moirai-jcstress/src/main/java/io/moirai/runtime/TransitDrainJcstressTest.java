package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code shutdownNow()}'s drain against a worker moving stolen tasks into its deque
 * ({@link TransitFlag}): the drainer stores STOP, drains the victim, waits for a move under way,
 * then drains the mover's deque; the mover brackets its batch steal with the flag and gives up
 * when it sees STOP. Results are bit masks of the elements 1, 2 and 4: what the drain found,
 * what the mover holds to run (the first stolen task, in its hands), and what is left behind in
 * a deque after both. Nothing may be left behind: each task is either drained or held.
 */
@JCStressTest
@Description("A move into a deque bracketed by the transit flag is never missed by the drain")
@Outcome(id = "7, 0, 0", expect = ACCEPTABLE, desc = "The drain found every task; the mover saw STOP or an empty victim.")
@Outcome(id = "6, 1, 0", expect = ACCEPTABLE, desc = "The mover stole 1 and 2, holds 1; the drain found 4 and, after the move, 2.")
@Outcome(id = "5, 2, 0", expect = ACCEPTABLE, desc = "The drain took 1 first; the mover stole 2 and holds it; the drain found 4.")
@Outcome(id = "3, 4, 0", expect = ACCEPTABLE, desc = "The drain took 1 and 2 first; the mover stole 4 and holds it.")
@Outcome(expect = FORBIDDEN, desc = "A task was left in a deque after the drain, or taken twice.")
@State
public class TransitDrainJcstressTest {

    private final WorkStealingDeque<Payload> victim = new WorkStealingDeque<>(4);
    private final WorkStealingDeque<Payload> moved = new WorkStealingDeque<>(4);
    private final TransitFlag flag = new TransitFlag();
    private volatile boolean stop;

    public TransitDrainJcstressTest() {
        victim.push(new Payload(1));
        victim.push(new Payload(2));
        victim.push(new Payload(4));
    }

    @Actor
    public void mover(III_Result r) {
        if (flag.enter(() -> stop)) {
            r.r2 = Payload.valueOf(victim.stealBatch(moved, 8));
            flag.exit();
        }
    }

    @Actor
    public void drainer(III_Result r) {
        stop = true;
        int[] found = new int[1];
        victim.drainTo(p -> found[0] |= p.value);
        flag.await();
        moved.drainTo(p -> found[0] |= p.value);
        r.r1 = found[0];
    }

    @Arbiter
    public void leftBehind(III_Result r) {
        int[] left = new int[1];
        victim.drainTo(p -> left[0] |= p.value);
        moved.drainTo(p -> left[0] |= p.value);
        r.r3 = left[0];
    }
}
