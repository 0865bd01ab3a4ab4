package io.moirai.jcstress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.sync.Semaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/** release is a cas of the permit count, and so is the tryAcquire that takes that permit. */
@JCStressTest
@Description("Writes before Semaphore.release() are visible to the thread whose tryAcquire takes that permit.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "tryAcquire found no permit.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "tryAcquire took the permit and sees the write.")
@Outcome(expect = FORBIDDEN, desc = "The permit was taken but the write before release is not visible.")
@State
public class SemaphoreHappensBeforeTest {

    private final Semaphore semaphore = new Semaphore(0);
    private int x;

    @Actor
    public void releaser() {
        x = 42;
        semaphore.release();
    }

    @Actor
    public void acquirer(I_Result r) {
        r.r1 = semaphore.tryAcquire() ? x : -1;
    }
}
