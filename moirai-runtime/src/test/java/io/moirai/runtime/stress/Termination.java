package io.moirai.runtime.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.RuntimeState;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/** The end every stress runtime must reach: terminated, balanced, and without a thread left. */
final class Termination {

    private Termination() {
    }

    /**
     * Waits for termination (which must come: {@code awaitTermination} returns {@code true}),
     * closes the runtime, checks that no thread of it is alive, and returns its final snapshot,
     * whose outcomes add up to what was submitted.
     */
    static RuntimeSnapshot awaitAndClose(MoiraiRuntime runtime, String prefix, Collection<Thread> virtualThreadsSeen)
            throws InterruptedException {
        long bound = Conditions.hangBound().toMillis();
        if (!runtime.awaitTermination(bound, TimeUnit.MILLISECONDS)) {
            fail("awaitTermination(" + bound + " ms) returned false\n" + runtime.snapshot() + "\n"
                    + Conditions.threadDump());
        }
        assertThat(runtime.isTerminated()).as("isTerminated after awaitTermination returned true").isTrue();
        RuntimeThreads.assertNoneAlive(prefix, virtualThreadsSeen, "after awaitTermination returned true");
        runtime.close();
        RuntimeThreads.assertNoneAlive(prefix, virtualThreadsSeen, "after close");
        RuntimeSnapshot s = runtime.snapshot();
        assertThat(s.state()).isEqualTo(RuntimeState.TERMINATED);
        assertBalanced(s);
        assertThat(s.active()).as("active after termination").isZero();
        assertThat(s.queued()).as("queued after termination").isZero();
        assertThat(s.timersPending()).as("timersPending after termination").isZero();
        assertThat(s.blockingInUse()).as("blockingInUse after termination").isZero();
        assertThat(s.blockingWaiting()).as("blockingWaiting after termination").isZero();
        return s;
    }

    /** completed + failed + cancelled + rejected + neverStarted == submitted. */
    static void assertBalanced(RuntimeSnapshot s) {
        assertThat(s.completed() + s.failed() + s.cancelled() + s.rejected() + s.neverStarted())
                .as("completed + failed + cancelled + rejected + neverStarted == submitted in %s", s)
                .isEqualTo(s.submitted());
    }
}
