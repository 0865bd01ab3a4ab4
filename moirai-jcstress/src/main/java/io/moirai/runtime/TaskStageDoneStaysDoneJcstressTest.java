package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@code isDone} never goes back to false (the contract of {@code Future}) when another thread
 * starts using an ended task's handle as a {@code CompletableFuture} (see TaskStage, "Protocol"):
 * between the binder's write of {@code bound} and its completion of the future, a reader still
 * sees the settled outcome.
 *
 * <p>Lives in the runtime's package to drive its package-private protocol classes directly.
 */
@JCStressTest
@Description("An ended task's handle bound by one thread while another reads isDone twice: always done")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "done at both reads")
@Outcome(expect = Expect.FORBIDDEN, desc = "an ended task read as not done")
@State
public class TaskStageDoneStaysDoneJcstressTest {

    private final TaskStageBindSettleJcstressTest.Stage stage = new TaskStageBindSettleJcstressTest.Stage();

    public TaskStageDoneStaysDoneJcstressTest() {
        stage.end("done");
    }

    @Actor
    public void binder() {
        stage.bind();
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = stage.isDone() ? 1 : 0;
        r.r2 = stage.isDone() ? 1 : 0;
    }
}
