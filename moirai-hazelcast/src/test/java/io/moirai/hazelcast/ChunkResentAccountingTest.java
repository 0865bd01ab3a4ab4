package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.iter.Iter;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The listener's chunk counts stay consistent (every chunk sent once, plus once per resend) when
 * a chunk taken back from a member declared gone is answered by that member before it is sent
 * again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChunkResentAccountingTest {

    /** Holds the chunks running on member m0 and m1 (by their runtimes' thread names); same JVM. */
    static volatile CountDownLatch m0Gate = new CountDownLatch(0);
    static volatile CountDownLatch m1Gate = new CountDownLatch(0);

    static int gated(int i) {
        String thread = Thread.currentThread().getName();
        CountDownLatch gate = thread.startsWith("m1-") ? m1Gate : thread.startsWith("m0-") ? m0Gate : null;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new CancellationException("interrupted while gated");
            }
        }
        return i;
    }

    @Test
    void aLateAnswerOfAChunkTakenBackBeforeItIsSentAgainIsNotCountedAsResent() throws Exception {
        try (TestMembers members = new TestMembers("resent-count", 17310, 2)) {
            MoiraiCluster caller = members.caller();
            UUID m0 = members.instances.get(0).getCluster().getLocalMember().getUuid();
            UUID m1 = members.instances.get(1).getCluster().getLocalMember().getUuid();
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger resent = new AtomicInteger();
            Set<Integer> chunks = ConcurrentHashMap.newKeySet();
            caller.addListener(new ClusterListener() {
                @Override
                public void chunkSent(long jobId, int chunk, UUID member) {
                    sent.incrementAndGet();
                    chunks.add(chunk);
                }

                @Override
                public void chunkResent(long jobId, int chunk, UUID member) {
                    resent.incrementAndGet();
                }
            });
            m0Gate = new CountDownLatch(1);
            m1Gate = new CountDownLatch(1);
            int n = 10_000;
            CompletableFuture<Integer> sum = Iter.range(0, n).map(ChunkResentAccountingTest::gated)
                    .on(caller.context()).async().sum().toCompletableFuture();
            // both members' windows full (parallelism 2 x 2 chunks each), the rest pending
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> {
                var jobs = caller.snapshot().jobs();
                if (jobs.size() != 1) {
                    return false;
                }
                Map<UUID, Integer> flying = jobs.getFirst().inFlightByMember();
                return flying.getOrDefault(m0, 0) == 4 && flying.getOrDefault(m1, 0) == 4;
            });
            // the caller learns that m1 stopped serving (its registration went) while m1 still runs
            // its chunks, as when m1 closes its MoiraiCluster or is wrongly taken for dead
            Method memberGone = MoiraiCluster.class.getDeclaredMethod("memberGone", UUID.class);
            memberGone.setAccessible(true);
            memberGone.invoke(caller, m1);
            // m0's window is full: m1's chunks wait to be sent again, and m1 answers them first
            m1Gate.countDown();
            Awaitility.await().atMost(20, TimeUnit.SECONDS)
                    .until(() -> caller.snapshot().jobs().getFirst().chunksDone() == 4);
            m0Gate.countDown();

            assertThat(sum.get(30, TimeUnit.SECONDS)).isEqualTo((n - 1) * n / 2);
            assertThat(sent.get()).as("chunkSent calls = chunks + chunkResent calls (resent %d)", resent.get())
                    .isEqualTo(chunks.size() + resent.get());
        } finally {
            m0Gate.countDown();
            m1Gate.countDown();
        }
    }
}
