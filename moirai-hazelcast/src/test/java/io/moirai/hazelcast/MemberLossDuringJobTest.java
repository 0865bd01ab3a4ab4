package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.iter.Iter;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A distributed evaluation while members die under it, in one JVM: its caller's member killed,
 * a member killed as the evaluation is cancelled, and a member's runtime stopped with
 * {@code shutdownNow()}. The evaluation's stage always completes (exactly, or failed as
 * docs/distributed.md says), the job leaves the snapshot, and no member keeps working for it.
 * Chunks are held on chosen members by their runtime's thread names ({@code m1-}, ...). The waits
 * let other threads' uncaught exceptions be: a killed member's Hazelcast threads throw some as
 * they find their instance gone.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MemberLossDuringJobTest {

    private static final long N = 4_000;
    private static final long SUM = (N - 1) * N / 2;

    /** Thread-name prefixes of the members whose chunks wait while listed (interruptibly). */
    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();
    /** Chunks waiting in {@link #hold}, by prefix. */
    private static final Map<String, AtomicInteger> WAITING = new ConcurrentHashMap<>();
    /** Chunks on the member with this prefix wait for {@link #gate}, ignoring interrupts. */
    private static volatile String gated = "none";
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    @AfterEach
    void release() {
        HELD.clear();
        gate.countDown();
    }

    static long hold(long i) {
        String prefix = prefixOf(Thread.currentThread().getName());
        if (HELD.contains(prefix)) {
            AtomicInteger waiting = WAITING.computeIfAbsent(prefix, p -> new AtomicInteger());
            waiting.incrementAndGet();
            try {
                while (HELD.contains(prefix)) {
                    LockSupport.parkNanos(1_000_000L);
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("interrupted while held");
                    }
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
        if (prefix.equals(gated)) {
            boolean interrupted = false;
            while (true) {
                try {
                    gate.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;   // finishes all the same: shutdownNow's interrupt must not fail it
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return i;
    }

    private static String prefixOf(String thread) {
        int dash = thread.indexOf('-');
        return dash < 0 ? thread : thread.substring(0, dash + 1);
    }

    private static int waiting(String prefix) {
        AtomicInteger waiting = WAITING.get(prefix);
        return waiting == null ? 0 : waiting.get();
    }

    private static CompletableFuture<Long> heldSum(MoiraiCluster caller) {
        return Iter.range(0L, N).map(MemberLossDuringJobTest::hold).on(caller.context()).async().sum()
                .toCompletableFuture();
    }

    /**
     * Starts {@link #heldSum} with the chunks on the members of {@code held} waiting, and returns
     * once two chunks wait on each of m1 and m2 (each runtime has two workers).
     */
    private static CompletableFuture<Long> heldSumRunningOnM1AndM2(MoiraiCluster caller, String... held) {
        HELD.addAll(java.util.List.of(held));
        CompletableFuture<Long> sum = heldSum(caller);
        for (String member : new String[] {"m1-", "m2-"}) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> waiting(member) == 2);
        }
        return sum;
    }

    /** Lets other threads' uncaught exceptions be (see the class comment). */
    private static org.awaitility.core.ConditionFactory await() {
        return Awaitility.await().dontCatchUncaughtExceptions();
    }

    private static void awaitInFlight(MoiraiCluster caller, UUID member, int chunks) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> {
            var jobs = caller.snapshot().jobs();
            return jobs.size() == 1 && jobs.getFirst().inFlightByMember().getOrDefault(member, 0) >= chunks;
        });
    }

    private static UUID uuid(TestMembers members, int member) {
        return members.instances.get(member).getCluster().getLocalMember().getUuid();
    }

    /**
     * The caller's member dies (killed, not shut down) while the others run its chunks: its
     * evaluation fails with RejectedExecutionException instead of waiting for ever, and the other
     * members interrupt the chunks nobody can read any more. Before, ending the job threw out of
     * Hazelcast's cancel of a chunk on a member that was gone, the stage never completed, and the
     * chunks ran on.
     */
    @Test
    void theCallersDeathFailsItsEvaluationAndStopsItsChunksOnTheOtherMembers() {
        try (TestMembers members = new TestMembers("loss-caller", 17420, 3)) {
            try {
                CompletableFuture<Long> sum = heldSumRunningOnM1AndM2(members.caller(), "m1-", "m2-");
                members.instances.getFirst().getLifecycleService().terminate();
                assertThatThrownBy(() -> sum.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(RejectedExecutionException.class);
                await().atMost(30, TimeUnit.SECONDS)
                        .until(() -> waiting("m1-") + waiting("m2-") == 0);
            } finally {
                HELD.clear();
            }
        }
    }

    /**
     * Cancelling the stage while a member is being killed neither throws (Hazelcast's cancel of a
     * chunk on a member that left throws) nor leaves the job behind, and the chunks on the other
     * members are interrupted.
     */
    @Test
    void cancellingWhileAMemberIsKilledEndsTheJob() throws Exception {
        try (TestMembers members = new TestMembers("loss-cancel", 17430, 3)) {
            try {
                MoiraiCluster caller = members.caller();
                CompletableFuture<Long> sum = heldSumRunningOnM1AndM2(caller, "m0-", "m1-", "m2-");
                Thread killer = Thread.ofPlatform().start(() -> members.instances.get(2).getLifecycleService().terminate());
                assertThat(sum.cancel(true)).isTrue();
                killer.join();
                await().atMost(10, TimeUnit.SECONDS).until(() -> caller.snapshot().jobs().isEmpty());
                await().atMost(30, TimeUnit.SECONDS)
                        .until(() -> waiting("m0-") + waiting("m1-") == 0);
            } finally {
                HELD.clear();
            }
        }
    }

    /**
     * {@code shutdownNow()} of a member's runtime hands back the chunks queued there, whose
     * handles then never complete: the member answers that it no longer serves, and the caller
     * sends them to the others. Before, the member waited on those handles for ever and the
     * evaluation never completed.
     */
    @Test
    void aMembersRuntimeStoppedByShutdownNowGivesItsChunksBack() throws Exception {
        try (TestMembers members = new TestMembers("loss-shutdown-now", 17440, 2)) {
            try {
                gated = "m1-";
                gate = new CountDownLatch(1);
                MoiraiCluster caller = members.caller();
                CompletableFuture<Long> sum = heldSum(caller);
                awaitInFlight(caller, uuid(members, 1), 4);   // 2 running, held at the gate, and 2 queued
                assertThat(members.runtimes.get(1).shutdownNow()).isNotEmpty();
                gate.countDown();
                assertThat(sum.get(60, TimeUnit.SECONDS)).isEqualTo(SUM);
                await().atMost(10, TimeUnit.SECONDS).until(() -> caller.snapshot().jobs().isEmpty());
            } finally {
                gated = "none";
                gate.countDown();
            }
        }
    }
}
