package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.iter.Iter;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener that reads {@link MoiraiCluster#snapshot()} when a chunk is done, the natural
 * metrics hook, while two evaluations run: both must complete.
 */
// a separate thread: before the fix the deadlocked job also blocked close(), and the test thread with it
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ListenerSnapshotDeadlockTest {

    @Test
    void aListenerMayReadTheSnapshotWhileTwoEvaluationsRun() throws Exception {
        try (TestMembers members = new TestMembers("listener-snapshot", 16210, 2)) {
            MoiraiCluster caller = members.caller();
            Set<Long> jobs = ConcurrentHashMap.newKeySet();
            CountDownLatch bothInside = new CountDownLatch(2);
            caller.addListener(new ClusterListener() {
                @Override
                public void chunkDone(long jobId, int chunk, UUID member) {
                    if (jobs.add(jobId)) {
                        // the first chunk of each evaluation: meet the other one here, so that
                        // both read the snapshot at once
                        bothInside.countDown();
                        try {
                            bothInside.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    assertThat(caller.snapshot().jobs()).isNotNull();
                }
            });
            CompletableFuture<Long> a = Iter.range(0L, 100_000L).on(caller.context()).async().sum().toCompletableFuture();
            CompletableFuture<Long> b = Iter.range(0L, 100_000L).on(caller.context()).async().sum().toCompletableFuture();
            assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(4_999_950_000L);
            assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(4_999_950_000L);
            assertThat(bothInside.getCount()).as("both evaluations met in the listener").isZero();
        }
    }
}
