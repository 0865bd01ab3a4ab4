package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import io.moirai.runtime.TaskHandle;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A blocking task that a waiting blocking task runs on its own permit is running: the snapshot
 * counts it in {@code active()}, as it counts a CPU task nested in a waiting worker's task, and
 * not in {@code queued()}.
 */
class BlockingHelpSnapshotTest {

    @Test
    void aTaskRunByItsWaiterIsActiveNotQueued() throws Exception {
        try (Gate gate = new Gate();
             MoiraiRuntime runtime = Waits.quietRuntime().parallelism(1).blockingConcurrency(1).build()) {
            TaskHandle<Integer> outer = runtime.spawnBlocking(() -> runtime.spawnBlocking(() -> {
                gate.pass();
                return 1;
            }).join());
            gate.awaitEntered();
            RuntimeSnapshot during = runtime.snapshot();
            gate.open();
            assertThat(outer.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
            assertThat(during.blockingInUse()).as("permits, %s", during).isEqualTo(1);
            assertThat(during.blockingWaiting()).as("waiting, %s", during).isZero();
            assertThat(during.queued()).as("queued, %s", during).isZero();
            assertThat(during.active()).as("active, %s", during).isEqualTo(2);
        }
    }
}
