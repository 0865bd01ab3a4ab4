package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * No lost completion between a task's ending and a thread that starts using its handle as a
 * {@code CompletableFuture} (see TaskStage, "Protocol"): the decider CASes the state, then
 * settles (a release store of the outcome, then a read of {@code bound}); the binder writes
 * {@code bound}, then reads the outcome and the state. Whatever the interleaving, the future
 * ends up completed, with the task's value.
 *
 * <p>Lives in the runtime's package to drive its package-private protocol classes directly.
 */
@JCStressTest
@Description("Decide-then-settle vs bind: the bound future is always completed with the outcome")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "the future carries the task's value")
@Outcome(id = "0, .*", expect = Expect.FORBIDDEN, desc = "lost completion: the bound future never completes")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "the future completed with something else")
@State
public class TaskStageBindSettleJcstressTest {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Stage.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A task stage whose ending is decided by one CAS on {@code state}, as RuntimeTask's is. */
    static final class Stage extends TaskStage<String> {
        volatile int state;

        Stage() {
            super(null);
        }

        /** Decides the ending and settles it, as the winner of RuntimeTask's CAS does. */
        void end(String value) {
            if (STATE.compareAndSet(this, 0, 1)) {
                settle(value, null, false);
            }
        }

        @Override
        boolean settling() {
            return state != 0;
        }
    }

    private final Stage stage = new Stage();

    @Actor
    public void decider() {
        stage.end("done");
    }

    @Actor
    public void binder() {
        stage.bind();
    }

    @Arbiter
    public void completed(II_Result r) {
        CompletableFuture<String> future = stage;
        // read through CompletableFuture's own view: bound, so isDone and getNow report the future itself
        r.r1 = future.isDone() ? 1 : 0;
        r.r2 = "done".equals(future.getNow(null)) ? 1 : 0;
    }
}
