package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A submitter that sees a searcher awake wakes nobody; the searcher must then find the task. Here
 * the searcher gives up (parks as the last searcher) while a second worker is already parked: the
 * submitter either wakes that sleeper or the searcher sees the task. Never neither, and never
 * more than one wake-up from one submission.
 */
@JCStressTest
@Description("Throttled wake-up: one submission wakes at most one sleeper and is never stranded")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost wake-up")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the submitter woke a sleeper")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the last searcher saw the task")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both")
@State
public class SearcherHandOffJcstressTest {

    private final IdleState<IdleState.Sleeper> idle = new IdleState<>();
    private final InjectionQueue queue = new InjectionQueue();
    private final IdleState.Sleeper searcher = new IdleState.Sleeper();
    private final RuntimeTask<?> task = RuntimeTask.stub();

    public SearcherHandOffJcstressTest() {
        idle.workerAdded();
        idle.workerAdded();
        idle.park(new IdleState.Sleeper(), false); // worker 1 sleeps
        idle.tryStartSearching(2);      // worker 2 searches
    }

    @Actor
    public void submitter(II_Result r) {
        queue.offer(task);
        r.r1 = idle.wakeOne(2) != null ? 1 : 0;
    }

    @Actor
    public void searcherGivesUp(II_Result r) {
        boolean last = idle.park(searcher, true);
        r.r2 = last && !queue.looksEmpty() ? 1 : 0;
    }
}
