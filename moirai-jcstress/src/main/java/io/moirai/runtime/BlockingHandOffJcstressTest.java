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
 * lane's own waiting queue and permit counter. The submitter offers the task (taking its place
 * with an atomic {@code getAndAdd}, then storing it), then reads the permits ({@code enqueue},
 * then {@code dispatchWaiting}); the lane thread, holding the only permit, gives it back, then
 * reads the queue's ends and, if an entry was offered, polls it ({@code nextOrRelease}). Either
 * the submitter sees the permit free, or the lane thread sees the entry; and a lane thread that
 * sees the entry gets the task, waiting for its store if need be. Never neither: the task would
 * wait with a free permit and no thread to start it.
 *
 * <p>r1: 1 if the submitter found the permit free. r2: 0 if the lane thread saw no entry, 1 if it
 * saw one and polled the task, 2 if it saw one but the poll answered empty.
 */
@JCStressTest
@Description("Blocking lane: a task queued while the last permit is given back is never stranded")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost hand-off: neither side saw the other")
@Outcome(id = {"0, 2", "1, 2"}, expect = Expect.FORBIDDEN, desc = "an entry was seen but its task was not")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the submitter takes the free permit")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the lane thread takes the task")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both saw each other")
@State
public class BlockingHandOffJcstressTest {

    private static final int LIMIT = 1;

    private final WaitingQueue<RuntimeTask<?>> queue = new WaitingQueue<>();
    private final PaddedCounter inUse = new PaddedCounter();
    private final RuntimeTask<?> task = RuntimeTask.stub();

    public BlockingHandOffJcstressTest() {
        inUse.incrementAndGet(); // the lane thread holds the only permit
    }

    @Actor
    public void submitter(II_Result r) {
        queue.offer(task);
        r.r1 = inUse.get() < LIMIT ? 1 : 0;
    }

    @Actor
    public void laneThreadGivesUp(II_Result r) {
        inUse.decrementAndGet();
        if (!queue.looksEmpty()) {
            r.r2 = queue.poll() == task ? 1 : 2;
        }
    }
}
