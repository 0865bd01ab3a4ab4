package io.moirai.sync;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A reservation never outlives the successor it was made for ({@link MutexSync}'s design note,
 * "Skipping the wake-up is a Dekker pair"): a release that saw the successor demanding stores
 * RESERVED, then looks at the slot; the successor, giving up without taking the mutex (as an
 * interrupted {@code lockInterruptibly} does), empties the slot, then looks at the state. One of
 * them withdraws the reservation, so the mutex ends free, not reserved for nobody.
 *
 * <p>Lives in the sync package to drive the package-private protocol directly; the mutex is
 * locked by the state's constructor, so the release does not check its owner.
 */
@JCStressTest
@Description("Reserve-then-check-slot vs leave-slot-then-check-state: the mutex ends free, never reserved for nobody")
@Outcome(id = "0", expect = Expect.ACCEPTABLE, desc = "the mutex is free")
@Outcome(id = "-1", expect = Expect.FORBIDDEN, desc = "the mutex stays reserved for a successor that left: nobody can take it")
@Outcome(expect = Expect.FORBIDDEN, desc = "the mutex is held, though nobody took it")
@State
public class MutexReservationLeaveTest {

    private final MutexSync sync = new MutexSync(false);

    public MutexReservationLeaveTest() {
        sync.lock();
        sync.claim();
        sync.demand();
    }

    @Actor
    public void releaser() {
        sync.releaseLastHold();
    }

    @Actor
    public void successor() {
        sync.leave(1, false, MutexSync.NONE);
    }

    @Arbiter
    public void state(I_Result r) {
        r.r1 = sync.state();
    }
}
