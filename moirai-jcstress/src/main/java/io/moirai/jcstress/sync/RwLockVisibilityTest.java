package io.moirai.jcstress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.moirai.sync.RwLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** The write unlock's volatile store is read by the read lock's cas: readers see whole sections. */
@JCStressTest
@Description("A reader under RwLock's read lock sees all or none of a write section, never half.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader went first.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader went after the writer.")
@Outcome(expect = FORBIDDEN, desc = "The reader overlapped the writer or missed part of its writes.")
@State
public class RwLockVisibilityTest {

    private final RwLock rw = new RwLock();
    private int x;
    private int y;

    @Actor
    public void writer() {
        rw.writeLock().lock();
        try {
            x = 1;
            y = 1;
        } finally {
            rw.writeLock().unlock();
        }
    }

    @Actor
    public void reader(II_Result r) {
        rw.readLock().lock();
        try {
            r.r1 = y;
            r.r2 = x;
        } finally {
            rw.readLock().unlock();
        }
    }
}
