package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An external submission counted by the injection queue against the termination check (see
 * InjectionQueue and Admission.admit): the submitter counts its task and checks the run state
 * under one CAS; the terminating thread changes the state, then reads the submitted count. Either
 * the submitter sees the new state and refuses the task, or the count it made is seen: a task
 * may never be queued while the termination check misses it.
 *
 * <p>Lives in the runtime's package to drive its package-private queue directly.
 */
@JCStressTest
@Description("Counted submission vs state change then count: an accepted task is always counted")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "queued, yet the terminating thread counted no submission")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "queued and counted")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "refused after counting; it ends as rejected")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "refused; the count came after the check")
@State
public class CountedSubmissionJcstressTest {

    private final InjectionQueue queue = new InjectionQueue();
    private final RuntimeTask<?> task = RuntimeTask.stub();
    private volatile boolean shutDown;

    @Actor
    public void submitter(II_Result r) {
        r.r1 = queue.offerSubmission(task, () -> !shutDown) ? 1 : 0;
    }

    @Actor
    public void terminator(II_Result r) {
        shutDown = true;
        r.r2 = (int) queue.submitted();
    }
}
