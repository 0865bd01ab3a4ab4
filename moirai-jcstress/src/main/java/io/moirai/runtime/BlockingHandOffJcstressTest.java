package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The blocking lane's hand-off between a submitter that queues a task and the lane thread that
 * gives the last permit back (see {@code BlockingLane}, "No lost hand-off"), replayed on the
 * lane's own waiting queue and counters. The submitter links the task, counts it, then reads the
 * permits ({@code enqueue}, then {@code dispatchWaiting}); the lane thread, holding the only
 * permit, gives it back, then reads the count and, if it is positive, looks at the queue
 * ({@code nextOrRelease}). Either the submitter sees the permit free, or the lane thread sees the
 * count; and a lane thread that sees the count also sees the link. Never neither: the task would
 * wait with a free permit and no thread to start it.
 *
 * <p>r1: 1 if the submitter found the permit free. r2: 0 if the lane thread read no waiting task,
 * 1 if it read the count and found the entry, 2 if it read the count but the queue looked empty.
 */
@JCStressTest
@Description("Blocking lane: a task queued while the last permit is given back is never stranded")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost hand-off: neither side saw the other")
@Outcome(id = {"0, 2", "1, 2"}, expect = Expect.FORBIDDEN, desc = "the count was seen before the link")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the submitter takes the free permit")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the lane thread takes the task")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both saw each other")
@State
public class BlockingHandOffJcstressTest {

    private static final int LIMIT = 1;

    private final InjectionQueue.Level queue = new InjectionQueue.Level();
    private final PaddedCounter waiting = new PaddedCounter();
    private final PaddedCounter inUse = new PaddedCounter();
    private final RuntimeTask<?> task = RuntimeTask.stub();

    public BlockingHandOffJcstressTest() {
        inUse.incrementAndGet(); // the lane thread holds the only permit
    }

    @Actor
    public void submitter(II_Result r) {
        queue.offer(task);
        waiting.incrementAndGet();
        r.r1 = inUse.get() < LIMIT ? 1 : 0;
    }

    @Actor
    public void laneThreadGivesUp(II_Result r) {
        inUse.decrementAndGet();
        if (waiting.get() > 0) {
            r.r2 = queue.mayHaveEntries() ? 1 : 2;
        }
    }
}
