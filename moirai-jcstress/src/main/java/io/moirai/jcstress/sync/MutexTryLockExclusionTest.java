package io.moirai.jcstress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.sync.Mutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** tryLock is a cas of the state from 0: exactly one of two racing threads wins a free mutex. */
@JCStressTest
@Description("Of two threads calling tryLock() on a free Mutex (and not unlocking), exactly one succeeds.")
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "The first actor holds the mutex.")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "The second actor holds the mutex.")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "Both hold it: no mutual exclusion.")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "Neither holds a free mutex.")
@State
public class MutexTryLockExclusionTest {

    private final Mutex mutex = new Mutex();

    @Actor
    public void first(ZZ_Result r) {
        r.r1 = mutex.tryLock();
    }

    @Actor
    public void second(ZZ_Result r) {
        r.r2 = mutex.tryLock();
    }
}
