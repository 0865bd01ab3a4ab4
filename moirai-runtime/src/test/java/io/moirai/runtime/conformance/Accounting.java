package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;

/** The snapshot's accounting, shared by the conformance tests: every task given ends exactly one way. */
final class Accounting {

    private Accounting() {
    }

    /** Fails unless every task submitted so far has ended completed, failed, cancelled, rejected or never started. */
    static void assertCountsAddUp(MoiraiRuntime runtime) {
        assertCountsAddUp(runtime.snapshot());
    }

    /** As {@link #assertCountsAddUp(MoiraiRuntime)}, for a snapshot the test also reads. */
    static void assertCountsAddUp(RuntimeSnapshot s) {
        assertThat(s.submitted()).as(s.toString())
                .isEqualTo(s.completed() + s.failed() + s.cancelled() + s.rejected() + s.neverStarted());
    }
}
