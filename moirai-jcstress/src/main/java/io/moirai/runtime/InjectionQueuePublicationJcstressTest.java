package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A task the consumer takes from the injection queue shows the fields its submitter wrote before
 * submitting it, also when it is the first of a new segment (InjectionQueue, memory ordering:
 * the slot's release store and the consumer's acquire load; a new segment's link stored before
 * its first slot). Segments of 1 slot: one task is queued before the actors start, and each of
 * the submitter's two tasks makes the queue append a segment while the consumer takes what it
 * finds, following the links. Each result is what the consumer read of a task it took (-1 when
 * it found none): a taken task showing 0 would be a task seen before its fields, and a second
 * task seen without the first would be a task taken out of order.
 */
@JCStressTest
@Description("Injection queue publication across segments: a taken task shows its fields, in order")
@Outcome(id = {"3, -1, -1", "3, 1, -1", "3, 1, 2"}, expect = Expect.ACCEPTABLE, desc = "the tasks taken, in order, each with its fields")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task taken before its fields, out of order, or twice")
@State
public class InjectionQueuePublicationJcstressTest {

    private final InjectionQueue.Level level = new InjectionQueue.Level(1);

    public InjectionQueuePublicationJcstressTest() {
        Valued queued = new Valued();
        queued.value = 3;
        level.offerSubmission(queued, () -> true);
    }

    @Actor
    public void submitter() {
        Valued first = new Valued();
        first.value = 1;
        level.offerSubmission(first, () -> true);
        Valued second = new Valued();
        second.value = 2;
        level.offerSubmission(second, () -> true);
    }

    @Actor
    public void consumer(III_Result r) {
        level.lock();
        try {
            r.r1 = valueOf(level.poll());
            r.r2 = valueOf(level.poll());
            r.r3 = r.r2 == -1 ? -1 : valueOf(level.poll());
        } finally {
            level.unlock();
        }
    }

    private static int valueOf(RuntimeTask<?> task) {
        return task == null ? -1 : ((Valued) task).value;
    }

    /** A task never run, with a plain field its submitter sets before submitting it. */
    static final class Valued extends RuntimeTask<Void> {
        int value;

        Valued() {
            super(null, TaskOptions.defaults());
        }

        @Override
        Void compute() {
            throw new IllegalStateException("never run");
        }
    }
}
