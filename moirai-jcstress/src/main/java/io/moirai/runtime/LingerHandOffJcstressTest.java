package io.moirai.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The blocking lane's hand-off to a lingering thread (see {@code BlockingLane}, "Lingering"),
 * replayed on the lane's own {@link HandOffSlots}: a thread lingers in a slot and gives up, while
 * a submitter claims it and writes the task into the thread's field. Exactly one of them wins
 * the slot: the thread leaves with nothing owed, or it learns from its failed CAS that a task is
 * on its way, waits for it, and sees what the submitter wrote into the task before handing it
 * over. Never both and never neither: a claimed thread that left would strand its task.
 *
 * <p>r1: the value of the task the thread ran, 0 if it left empty-handed. r2: 1 if the submitter
 * claimed the thread, 0 if it found nobody lingering.
 */
@JCStressTest
@Description("Blocking lane: a task handed to a lingering thread is run by it, whether or not it was leaving")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "the thread left first; the submitter starts a thread")
@Outcome(id = "42, 1", expect = Expect.ACCEPTABLE, desc = "the submitter claimed the thread, which ran the task")
@Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "claimed, but the thread left: the task is stranded")
@Outcome(id = "-1, 1", expect = Expect.FORBIDDEN, desc = "the task arrived without what its submitter wrote")
@State
public class LingerHandOffJcstressTest {

    private static final VarHandle HANDED;

    static {
        try {
            HANDED = MethodHandles.lookup().findVarHandle(LingerHandOffJcstressTest.class, "handed", Payload.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HandOffSlots<Object> slots = new HandOffSlots<>();
    private final Object token = new Object();
    private final int slot;
    /**
     * The lingering thread's field, as {@code BlockingLane.Runner.handed}, with the same modes:
     * a release store by the submitter, acquire loads by the thread.
     */
    private Payload handed;

    public LingerHandOffJcstressTest() {
        slot = slots.occupy(token); // the thread lingers
    }

    @Actor
    public void lingeringThreadLeaves(II_Result r) {
        if (slots.leave(slot, token)) {
            r.r1 = 0;
            return;
        }
        Payload task;
        while ((task = (Payload) HANDED.getAcquire(this)) == null) {
            Thread.onSpinWait();
        }
        r.r1 = task.value == 42 ? 42 : -1;
    }

    @Actor
    public void submitterHandsOff(II_Result r) {
        Object claimed = slots.claim();
        if (claimed == null) {
            r.r2 = 0;
            return;
        }
        HANDED.setRelease(this, new Payload(42));
        r.r2 = 1;
    }
}
