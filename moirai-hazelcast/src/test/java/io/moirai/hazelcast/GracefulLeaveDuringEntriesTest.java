package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code cluster.entries(map)} while a member shuts down gracefully: the chunks on that member
 * read their partitions through its Hazelcast, which fails under them as it shuts down. Those
 * chunks did not fail on their own: they are answered as from a member that leaves and run
 * elsewhere, and the evaluation is exact.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GracefulLeaveDuringEntriesTest {

    /** About 2,000 entries per partition (31 of them): a chunk fetches its partition in several rounds. */
    private static final int ENTRIES = 62_000;

    /** Whether the chunks on m2 wait (each at its first entry). */
    private static volatile boolean holding;
    private static final AtomicInteger waiting = new AtomicInteger();

    @AfterEach
    void release() {
        holding = false;
    }

    static long hold(long value) {
        if (holding && Thread.currentThread().getName().startsWith("m2-")) {
            waiting.incrementAndGet();
            try {
                while (holding) {
                    LockSupport.parkNanos(1_000_000L);
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
        return value;
    }

    @Test
    void theChunksOfAMemberThatShutsDownGracefullyRunElsewhereAndTheSumIsExact() throws Exception {
        try (TestMembers members = new TestMembers("entries-leave", 17520, 3)) {
            MoiraiCluster caller = members.caller();
            IMap<Integer, Long> map = members.instances.getFirst().getMap("entries");
            Map<Integer, Long> batch = new HashMap<>();
            for (int i = 0; i < ENTRIES; i++) {
                batch.put(i, 1L);
            }
            map.putAll(batch);

            holding = true;
            CompletableFuture<Long> sum = caller.entries(map).mapToLong(e -> hold(e.getValue())).async().sum()
                    .toCompletableFuture();
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> waiting.get() == 2);   // m2's two workers

            HazelcastInstance leaving = members.instances.get(2);
            Thread shutdown = Thread.ofPlatform().name("graceful-shutdown").start(() -> leaving.getLifecycleService().shutdown());
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> !leaving.getLifecycleService().isRunning());
            holding = false;   // m2's chunks read on through a Hazelcast that is shutting down

            assertThat(sum.get(60, TimeUnit.SECONDS)).isEqualTo(ENTRIES);
            shutdown.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(caller.entries(map).mapToLong(Map.Entry::getValue).sum()).isEqualTo(ENTRIES);
        }
    }
}
