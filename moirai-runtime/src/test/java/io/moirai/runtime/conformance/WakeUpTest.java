package io.moirai.runtime.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RuntimeSnapshot;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How many CPU workers a submission to an idle runtime wakes: one for a lone task (a second one
 * would find nothing, spin on a core the submitter may need and park again), and as many as the
 * queued work can use when more arrives. {@code WakeUpStressTest} checks that no wake-up is lost;
 * {@code WakeLatencyBenchmark} measures how soon the task starts.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WakeUpTest {

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    void aLoneTaskWakesOneWorker(int parallelism) throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(parallelism).build()) {
            long parksBefore = awaitAllParked(runtime);
            CompletableFuture<Void> ran = new CompletableFuture<>();
            runtime.execute(() -> ran.complete(null));
            ran.get(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
            // The worker that ran it parks again: one park more, and no other worker woke and parked.
            assertThat(awaitAllParked(runtime)).as("parks counted").isEqualTo(parksBefore + 1);
        }
    }

    @Test
    void queuedWorkBringsInASecondWorker() throws Exception {
        try (MoiraiRuntime runtime = Waits.quietRuntime().parallelism(2).build()) {
            awaitAllParked(runtime);
            // Each task waits for the other: both finish only if both run at once, on two workers.
            CountDownLatch bothRunning = new CountDownLatch(2);
            Runnable meet = () -> {
                bothRunning.countDown();
                try {
                    bothRunning.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            var first = runtime.submit(meet);
            var second = runtime.submit(meet);
            first.get(Waits.LONG.toMillis() * 2, TimeUnit.MILLISECONDS);
            second.get(Waits.LONG.toMillis() * 2, TimeUnit.MILLISECONDS);
            assertThat(bothRunning.getCount()).as("tasks that did not meet the other while it ran").isZero();
        }
    }

    /**
     * Waits until every CPU worker has stayed parked for {@link Waits#SHORT} and returns the parks
     * counted: a worker shows as parked just before its park is counted, so the count is read once
     * the state has held for a while.
     */
    private static long awaitAllParked(MoiraiRuntime runtime) {
        await().during(Waits.SHORT).atMost(Waits.LONG).until(() -> runtime.snapshot().workers().stream()
                .allMatch(worker -> worker.state() == RuntimeSnapshot.WorkerState.PARKED));
        return runtime.snapshot().parks();
    }
}
