package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * No lost wake-up between an external submitter and the last searching worker as it parks
 * (CpuLane, "No lost wake-up"): the submitter counts and publishes a task in the injection queue
 * (one CAS on the queue's producer word, see InjectionQueue), then asks the idle state whether a
 * sleeper must be woken; the worker gives up its searching status and
 * parks, then, being the last searcher, looks at the queue again. Either the submitter wakes the
 * sleeper or the worker sees the task; never neither.
 *
 * <p>Lives in the runtime's package to drive its package-private protocol classes directly.
 */
@JCStressTest
@Description("Submit-then-signal vs park-then-recheck: the task is never stranded")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost wake-up: nobody woken and the task unseen")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the submitter woke the parked worker")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the parking worker saw the task")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both: a harmless extra wake-up")
@State
public class IdleWakeupJcstressTest {

    private final IdleState<IdleState.Sleeper> idle = new IdleState<>();
    private final InjectionQueue queue = new InjectionQueue();
    private final IdleState.Sleeper worker = new IdleState.Sleeper();
    private final RuntimeTask<?> task = RuntimeTask.stub();

    public IdleWakeupJcstressTest() {
        idle.workerAdded();
        idle.tryStartSearching(1); // one worker, unparked and searching
    }

    @Actor
    public void submitter(II_Result r) {
        queue.offerSubmission(task, () -> true);
        r.r1 = idle.wakeOne(1) != null ? 1 : 0;
    }

    @Actor
    public void lastSearcher(II_Result r) {
        boolean last = idle.park(worker, true);
        r.r2 = last && !queue.looksEmpty() ? 1 : 0;
    }
}
