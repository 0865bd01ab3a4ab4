package io.moirai.jcstress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.sync.Latch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** countDown is a cas of the state; await's check a volatile load of it. */
@JCStressTest
@Description("Writes before Latch.countDown() are visible after an await that returns true.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "await(0) found the latch still closed.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "await(0) passed and sees the write.")
@Outcome(expect = FORBIDDEN, desc = "await passed but the write before countDown is not visible.")
@State
public class LatchHappensBeforeTest {

    private final Latch latch = new Latch(1);
    private int x;

    @Actor
    public void counter() {
        x = 42;
        latch.countDown();
    }

    @Actor
    public void waiter(I_Result r) {
        try {
            r.r1 = latch.await(0, TimeUnit.NANOSECONDS) ? x : -1;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
