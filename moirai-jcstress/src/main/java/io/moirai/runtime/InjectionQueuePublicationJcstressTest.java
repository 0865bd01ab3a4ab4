package io.moirai.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A task the consumer takes from the injection queue shows the fields its submitter wrote before
 * submitting it, also when it is the first of a new segment (InjectionQueue, memory ordering:
 * the slot's release store and the consumer's acquire load; a new segment's link stored before
 * its first slot). Segments of 1 slot, so the two submissions make the queue append two
 * segments while the consumer takes what it finds. Each result is what the consumer read of a
 * task it took (-1 when it found none): a taken task showing 0 would be a task seen before
 * its fields.
 */
@JCStressTest
@Description("Injection queue publication across segments: a taken task shows its fields")
@Outcome(id = {"-1, -1", "1, -1", "2, -1", "1, 2", "2, 1"}, expect = Expect.ACCEPTABLE, desc = "the tasks taken, each with its fields")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task taken before its fields, or twice, or lost")
@State
public class InjectionQueuePublicationJcstressTest {

    private final InjectionQueue.Level level = new InjectionQueue.Level(1);

    @Actor
    public void firstSubmitter() {
        Valued task = new Valued();
        task.value = 1;
        level.offerSubmission(task, () -> true);
    }

    @Actor
    public void secondSubmitter() {
        Valued task = new Valued();
        task.value = 2;
        level.offerSubmission(task, () -> true);
    }

    @Actor
    public void consumer(II_Result r) {
        level.lock();
        try {
            r.r1 = valueOf(level.poll());
            r.r2 = r.r1 == -1 ? -1 : valueOf(level.poll());
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
