package io.moirai.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.topology.Topology;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The victims each searching worker visits: its own node's workers, then the others', kept
 * right as the worker set grows and shrinks.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StealOrderTest {

    private static StealOrder orderSeenByAWorker(MoiraiRuntime runtime) {
        return runtime.spawn(() -> ((WorkerThread) Thread.currentThread()).worker().lane.stealOrder()).join();
    }

    private static List<String> names(Worker[] workers) {
        return Arrays.stream(workers).map(Worker::name).toList();
    }

    private static MoiraiRuntime twoNodes(int parallelism) {
        return MoiraiRuntime.builder().topology(Topology.uniform(4, 2)).parallelism(parallelism)
                .blockingDetectionThreshold(Duration.ZERO).build();
    }

    @Test
    void eachNodeSearchesItsOwnWorkersFirstThenTheOthers() {
        try (MoiraiRuntime runtime = twoNodes(4)) {
            StealOrder order = orderSeenByAWorker(runtime);
            assertThat(names(order.local[0])).containsExactly("moirai-cpu-0", "moirai-cpu-1");
            assertThat(names(order.remote[0])).containsExactly("moirai-cpu-2", "moirai-cpu-3");
            assertThat(names(order.local[1])).containsExactly("moirai-cpu-2", "moirai-cpu-3");
            assertThat(names(order.remote[1])).containsExactly("moirai-cpu-0", "moirai-cpu-1");
        }
    }

    @Test
    void theOrderFollowsGrowingAndShrinking() {
        try (MoiraiRuntime runtime = twoNodes(4)) {
            runtime.reconfigure(6, 16); // slots 4 and 5 wrap round to CPUs 0 and 1: node 0
            StealOrder grown = orderSeenByAWorker(runtime);
            assertThat(names(grown.local[0])).containsExactly("moirai-cpu-0", "moirai-cpu-1", "moirai-cpu-4",
                    "moirai-cpu-5");
            assertThat(names(grown.remote[1])).containsExactlyElementsOf(names(grown.local[0]));

            runtime.reconfigure(2, 16); // slots 2 to 5 retire: node 1 empties
            Awaitility.await().atMost(20, TimeUnit.SECONDS)
                    .until(() -> runtime.snapshot().workers().size() == 2);
            StealOrder shrunk = orderSeenByAWorker(runtime);
            assertThat(names(shrunk.local[0])).containsExactly("moirai-cpu-0", "moirai-cpu-1");
            assertThat(shrunk.remote[0]).isEmpty();
            assertThat(shrunk.local[1]).isEmpty();

            runtime.reconfigure(3, 16); // the lowest free slot, 2, is CPU 2 on node 1 again, and so is its name
            StealOrder regrown = orderSeenByAWorker(runtime);
            assertThat(names(regrown.local[1])).containsExactly("moirai-cpu-2");
            assertThat(runtime.snapshot().workers()).filteredOn(w -> w.name().equals("moirai-cpu-2"))
                    .singleElement().satisfies(w -> assertThat(w.cpu()).isEqualTo(2));
        }
    }

    @Test
    void onOneNodeTheLocalOrderIsTheWorkerArrayItselfAndNothingIsRemote() {
        try (MoiraiRuntime runtime = MoiraiRuntime.builder().topology(Topology.uniform(2)).parallelism(3)
                .blockingDetectionThreshold(Duration.ZERO).build()) {
            StealOrder order = runtime.spawn(() -> {
                CpuLane lane = ((WorkerThread) Thread.currentThread()).worker().lane;
                StealOrder seen = lane.stealOrder();
                assertThat(seen.local[0]).isSameAs(lane.workers());
                return seen;
            }).join();
            assertThat(order.local).hasNumberOfRows(1);
            assertThat(order.remote[0]).isEmpty();
        }
    }
}
