package io.moirai.sync;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A hand-off to a demanding successor publishes the critical section ({@link MutexSync}'s design
 * note, "Acquiring is a cas of the state, releasing a volatile store of it"): the owner's release,
 * seeing the successor demand, stores RESERVED instead of 0; the successor's cas from RESERVED (or
 * from 0, if the reservation was withdrawn) reads that store, so it sees every write of the
 * critical section, whichever value carried it.
 *
 * <p>Lives in the sync package to drive the package-private protocol directly. The successor takes
 * the mutex only if it finds it free or reserved, and then releases it, so the owner never blocks
 * for good.
 */
@JCStressTest
@Description("Writes before a release that reserves the mutex for a demanding successor are all visible to it")
@Outcome(id = "-1, -1", expect = Expect.ACCEPTABLE, desc = "the successor found the mutex held and gave up")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "the successor took the mutex before the owner")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "the successor took it after the owner and sees both writes")
@Outcome(expect = Expect.FORBIDDEN, desc = "the successor saw half of the owner's critical section")
@State
public class MutexHandOffTest {

    private final MutexSync sync = new MutexSync(false);
    private int x;
    private int y;

    public MutexHandOffTest() {
        sync.claim();
        sync.demand();
    }

    @Actor
    public void owner() {
        sync.lock();
        x = 1;
        y = 1;
        sync.unlock();
    }

    @Actor
    public void successor(II_Result r) {
        if (sync.leave(1, true, MutexSync.NONE)) {
            r.r1 = y;
            r.r2 = x;
            sync.unlock();
        } else {
            r.r1 = -1;
            r.r2 = -1;
        }
    }
}
