package io.moirai.sync;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * No lost wake-up between a release and a successor that stops spinning ({@link MutexSync}'s
 * design note, "Skipping the wake-up is a Dekker pair"): the releasing thread stores the state,
 * then looks at the successor slot, and wakes nobody if a successor is still there; the successor
 * gives up the slot, then looks at the state, and takes a free mutex. Either the release sees the
 * slot empty and wakes the queue, or the successor sees the mutex free; never neither. Fails on
 * x86 if the successor's volatile store in {@code MutexSync.leave} is weakened to a release store.
 *
 * <p>Lives in the sync package to drive the package-private protocol directly; the mutex is
 * locked by the state's constructor, so the release does not check its owner.
 */
@JCStressTest
@Description("Release-then-check-slot vs leave-slot-then-check-state: a free mutex is never left to a queue nobody wakes")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost wake-up: the release skipped waking and the successor saw the mutex held")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the release saw the successor, which then took the mutex")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the successor left while the mutex was held; the release woke the queue")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "each saw the other: the release woke the queue and the successor took the mutex")
@State
public class MutexSuccessorLeaveTest {

    private final MutexSync sync = new MutexSync(false);

    public MutexSuccessorLeaveTest() {
        sync.lock();
        sync.claim();
    }

    @Actor
    public void releaser(II_Result r) {
        r.r1 = sync.releaseLastHold() ? 1 : 0;
    }

    @Actor
    public void successor(II_Result r) {
        r.r2 = sync.leave(1, true, MutexSync.SPENT) ? 1 : 0;
    }
}
