package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.iter.Iter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** After its MoiraiCluster is closed, a member sends no more work: not even work its own close took back. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClosedClusterResendTest {

    /** Holds the chunks that run on member m0 (by its runtime's thread names); the members share this JVM. */
    static volatile CountDownLatch m0Gate = new CountDownLatch(0);

    static int heldOnM0(int i) {
        if (Thread.currentThread().getName().startsWith("m0-")) {
            try {
                m0Gate.await();
            } catch (InterruptedException e) {
                throw new java.util.concurrent.CancellationException("interrupted while held");
            }
        }
        return i;
    }

    /** The member a task runs on, by its runtime's thread names (m0-, m1-). */
    static String where() {
        return Thread.currentThread().getName().replaceAll("-.*", "");
    }

    @Test
    void aRetryableTaskRunningOnTheClosedCallerIsNotSentToAnotherMember() throws Exception {
        try (TestMembers members = new TestMembers("closed-resend", 17320, 2)) {
            MoiraiCluster caller = members.caller();
            AtomicBoolean closing = new AtomicBoolean();
            AtomicInteger sentAfterClose = new AtomicInteger();
            caller.addListener(new ClusterListener() {
                @Override
                public void remoteTaskSent(UUID member) {
                    if (closing.get()) {
                        sentAfterClose.incrementAndGet();
                    }
                }
            });
            // on m0 (the caller) it blocks until interrupted; on m1 it answers at once
            RemoteCallable<String> task = () -> {
                if (where().equals("m0")) {
                    new CountDownLatch(1).await(60, TimeUnit.SECONDS); // until interrupted
                }
                return where();
            };
            RemoteOptions retryable = RemoteOptions.defaults().retryable(true);
            // round robin over the two serving members: one of two consecutive tasks lands on m0
            List<CompletableFuture<String>> tasks = List.of(caller.executor().submit(task, retryable),
                    caller.executor().submit(task, retryable));
            Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() ->
                    tasks.stream().filter(CompletableFuture::isDone).count() == 1
                            && members.runtimes.getFirst().snapshot().active() > 0);
            CompletableFuture<String> onCaller = tasks.stream().filter(f -> !f.isDone()).findFirst().orElseThrow();

            closing.set(true);
            caller.close();

            assertThatThrownBy(() -> onCaller.get(20, TimeUnit.SECONDS)).as("the task running on the closed member")
                    .cause().isInstanceOf(RejectedExecutionException.class).hasMessageContaining("closed");
            assertThat(sentAfterClose.get()).as("remote tasks sent after close()").isZero();
        }
    }

    @Test
    void anEvaluationWhoseChunksRanOnTheClosedCallerFailsAndNoChunkIsSentAfterTheClose() throws Exception {
        try (TestMembers members = new TestMembers("closed-resend-job", 17330, 2)) {
            MoiraiCluster caller = members.caller();
            UUID m0 = members.instances.get(0).getCluster().getLocalMember().getUuid();
            AtomicBoolean closing = new AtomicBoolean();
            AtomicInteger sentAfterClose = new AtomicInteger();
            caller.addListener(new ClusterListener() {
                @Override
                public void chunkSent(long jobId, int chunk, UUID member) {
                    if (closing.get()) {
                        sentAfterClose.incrementAndGet();
                    }
                }
            });
            m0Gate = new java.util.concurrent.CountDownLatch(1);
            try {
                CompletableFuture<Integer> sum = Iter.range(0, 10_000).map(ClosedClusterResendTest::heldOnM0)
                        .on(caller.context()).async().sum().toCompletableFuture();
                // m1 has run everything else: only m0's held chunks are left, and m1 has room
                Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> {
                    var jobs = caller.snapshot().jobs();
                    return jobs.size() == 1 && jobs.getFirst().inFlightByMember().keySet().equals(java.util.Set.of(m0))
                            && jobs.getFirst().chunksDone() == jobs.getFirst().chunksTotal() - 4;
                });
                closing.set(true);
                caller.close();
                assertThatThrownBy(() -> sum.get(20, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(RejectedExecutionException.class);
                assertThat(sentAfterClose.get()).as("chunks sent after close()").isZero();
            } finally {
                m0Gate.countDown();
            }
        }
    }
}
