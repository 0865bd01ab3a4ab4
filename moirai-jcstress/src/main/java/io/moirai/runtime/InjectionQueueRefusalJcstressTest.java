package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A refused submission never makes a queue with a task in it look empty (InjectionQueue,
 * "Emptiness"): a refusal adds to the offered count and to the refused count, and the emptiness
 * check reads the refused count before the offered one. One task is queued; a second submission
 * is refused while a worker asks whether the queue is empty: it must answer "not empty".
 */
@JCStressTest
@Description("Refused submission vs emptiness check: a queued task is never hidden")
@Outcome(id = "0", expect = Expect.ACCEPTABLE, desc = "not empty: the queued task is seen")
@Outcome(id = "1", expect = Expect.FORBIDDEN, desc = "looked empty with a task queued")
@State
public class InjectionQueueRefusalJcstressTest {

    private final InjectionQueue queue = new InjectionQueue();
    private final RuntimeTask<?> refusedTask = RuntimeTask.stub();

    public InjectionQueueRefusalJcstressTest() {
        queue.offerSubmission(RuntimeTask.stub(), () -> true);
    }

    @Actor
    public void refusedSubmitter() {
        queue.offerSubmission(refusedTask, () -> false);
    }

    @Actor
    public void emptinessCheck(I_Result r) {
        r.r1 = queue.looksEmpty() ? 1 : 0;
    }
}
