package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * No lost wake-up between a thread that parks on a handle and the handle's completion (see
 * RuntimeStage, "Waiters"): the waiter pushes its node and re-reads isDone(); completion stores
 * the result, then its one callback swaps the stack and wakes every node on it. Either the
 * waiter sees the completion and does not park, or its node is woken; never neither.
 *
 * <p>Lives in the runtime's package to drive its package-private protocol classes directly.
 */
@JCStressTest
@Description("Push-then-recheck vs complete-then-wake: a parked waiter is always woken")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost wake-up: the waiter parks and nobody wakes it")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the waiter saw the completion and does not park")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the waiter parks and its node is woken")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both: a harmless extra unpark")
@State
public class StageWaiterWakeupJcstressTest {

    private final RuntimeStage<String> stage = new RuntimeStage<>(null);
    private final RuntimeStage.WaitNode node = new RuntimeStage.WaitNode(new Thread(() -> { }));

    public StageWaiterWakeupJcstressTest() {
        stage.addWaiter(new RuntimeStage.WaitNode(new Thread(() -> { }))); // registers the callback, as an earlier wait would
    }

    @Actor
    public void completer() {
        stage.complete("done");
    }

    @Actor
    public void waiter(II_Result r) {
        r.r1 = stage.addWaiter(node) ? 0 : 1;
    }

    @Arbiter
    public void woken(II_Result r) {
        r.r2 = node.thread == null ? 1 : 0;
    }
}
