package io.moirai.jcstress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.sync.Mutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** Unlock publishes the critical section: the volatile store of the state, read by the next cas. */
@JCStressTest
@Description("Writes made before Mutex.unlock() are all visible after the next lock().")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader locked first.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader locked after the writer and sees both writes.")
@Outcome(expect = FORBIDDEN, desc = "The reader saw half of the writer's critical section.")
@State
public class MutexVisibilityTest {

    private final Mutex mutex = new Mutex();
    private int x;
    private int y;

    @Actor
    public void writer() {
        mutex.lock();
        try {
            x = 1;
            y = 1;
        } finally {
            mutex.unlock();
        }
    }

    @Actor
    public void reader(II_Result r) {
        mutex.lock();
        try {
            r.r1 = y;
            r.r2 = x;
        } finally {
            mutex.unlock();
        }
    }
}
