package io.moirai.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two claimants race to start one task, as a worker that took it from a queue and a waiter that
 * found it there as a descendant do (see RuntimeTask's startByCas): exactly one wins, and once
 * both are done the runner field, which {@code cancel(true)} reads to choose the thread it
 * interrupts, never names the loser. Each claimant writes itself before its CAS; before the
 * loser took itself off again, "loser named" was a possible outcome.
 *
 * <p>Lives in the runtime's package to drive the package-private task directly.
 */
@JCStressTest
@Description("Racing claims of one task: one winner, and the runner field never names the loser")
@Outcome(id = {"1, 0, 1", "0, 1, 2"}, expect = ACCEPTABLE, desc = "one claimant won and is recorded as the runner")
@Outcome(id = {"1, 0, 0", "0, 1, 0"}, expect = ACCEPTABLE_INTERESTING,
        desc = "one claimant won; the loser's write landed last and it took itself off: a cancel then interrupts nobody")
@Outcome(id = {"1, 0, 2", "0, 1, 1"}, expect = FORBIDDEN, desc = "the loser is recorded: a cancel would interrupt the wrong thread")
@Outcome(expect = FORBIDDEN, desc = "both or neither started the task")
@State
public class RunnerClaimRaceJcstressTest {

    private final CallableTask<String> task = new CallableTask<>(null, TaskOptions.defaults(), () -> "work");
    private Thread first;
    private Thread second;

    @Actor
    public void firstClaimant(III_Result r) {
        first = Thread.currentThread();
        r.r1 = task.tryStart() ? 1 : 0;
    }

    @Actor
    public void secondClaimant(III_Result r) {
        second = Thread.currentThread();
        r.r2 = task.tryStartAsWaiter() ? 1 : 0;
    }

    @Arbiter
    public void runner(III_Result r) {
        Thread t = task.runnerHint();
        r.r3 = t == null ? 0 : t == first ? 1 : t == second ? 2 : 3;
    }
}
