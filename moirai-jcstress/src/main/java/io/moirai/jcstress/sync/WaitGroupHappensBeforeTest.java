package io.moirai.jcstress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.sync.WaitGroup;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** done() is a cas of the state; await's check a volatile load of it. */
@JCStressTest
@Description("Writes before WaitGroup.done() are visible after an await that returns true.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "await(0) found the counter above zero.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "await(0) passed and sees the write.")
@Outcome(expect = FORBIDDEN, desc = "await passed but the write before done() is not visible.")
@State
public class WaitGroupHappensBeforeTest {

    private final WaitGroup group = new WaitGroup();
    private int x;

    public WaitGroupHappensBeforeTest() {
        group.add(1);
    }

    @Actor
    public void worker() {
        x = 42;
        group.done();
    }

    @Actor
    public void waiter(I_Result r) {
        try {
            r.r1 = group.await(0, TimeUnit.NANOSECONDS) ? x : -1;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
