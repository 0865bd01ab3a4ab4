package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import io.moirai.iter.Iter;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Members whose runtimes have a bounded queue (two workers, one waiting task, {@code ABORT}): a
 * chunk or task their runtime refuses is back-pressure, not a departure. The member answers
 * "busy", the caller sends the work again later and never takes the member for gone; a remote
 * task that finds no room within the busy timeout fails with {@link RejectedExecutionException}.
 * The work waits on {@link #gate}, so that the members are full for as long as a test needs.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BusyMemberTest {

    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(1);

    private static TestMembers members;
    private static List<UUID> gone;
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    @BeforeAll
    static void start() {
        members = new TestMembers("busy", 17500, 2,
                // no blocking detection: its spare worker would let the queue drain while the work waits
                runtime -> runtime.queueCapacity(1).rejectionPolicy(RejectionPolicy.ABORT)
                        .blockingDetectionThreshold(Duration.ZERO),
                ClusterOptions.defaults().busyTimeout(BUSY_TIMEOUT));
        gone = members.departuresHeardByCaller();
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    @BeforeEach
    void closeGate() {
        gate = new CountDownLatch(1);
    }

    @AfterEach
    void openGate() {
        gate.countDown();
    }

    /** Waits for the gate, then returns {@code i}. */
    static long gated(long i) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate", e);
        }
        return i;
    }

    private static long rejected(int member) {
        return members.runtimes.get(member).snapshot().rejected();
    }

    private static long serving() {
        return members.caller().snapshot().members().stream().filter(ClusterSnapshot.MemberState::serving).count();
    }

    @Test
    void anEvaluationWhoseChunksOverflowTheMembersQueuesCompletesExactlyAndTheMembersStillServe() throws Exception {
        long rejectedBefore = rejected(0) + rejected(1);
        // each member gets a window of 4 chunks: 2 run and wait at the gate, 1 waits in the queue,
        // the 4th is refused
        CompletableFuture<Long> sum = Iter.range(0L, 4_000L).map(BusyMemberTest::gated)
                .on(members.caller().context()).async().sum().toCompletableFuture();
        Awaitility.await().atMost(30, TimeUnit.SECONDS)
                .until(() -> sum.isDone() || rejected(0) + rejected(1) >= rejectedBefore + 2);
        assertThat(sum).isNotDone();
        gate.countDown();

        assertThat(sum.get(60, TimeUnit.SECONDS)).isEqualTo(3_999L * 4_000L / 2);
        assertThat(gone).isEmpty();
        assertThat(serving()).isEqualTo(2);
        assertThat(Iter.range(0, 100).on(members.caller().context()).sum()).isEqualTo(4_950);
    }

    @Test
    void aTaskAMemberHasNoRoomForIsSentAgainAndRunsOnceThereIsRoom() throws Exception {
        Member m1 = members.instances.get(1).getCluster().getLocalMember();
        long rejectedBefore = rejected(1);
        List<CompletableFuture<Long>> tasks = new ArrayList<>();
        for (long i = 0; i < 4; i++) {   // 2 run, 1 waits in the queue, 1 is refused until there is room
            long k = i;
            tasks.add(members.caller().executor().submitToMember(() -> gated(k), m1));
        }
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> rejected(1) > rejectedBefore);
        gate.countDown();

        for (int i = 0; i < 4; i++) {
            assertThat(tasks.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(gone).isEmpty();
        assertThat(serving()).isEqualTo(2);
    }

    @Test
    void aTaskThatFindsNoRoomWithinTheBusyTimeoutFailsWithRejectedExecutionException() throws Exception {
        Member m1 = members.instances.get(1).getCluster().getLocalMember();
        List<CompletableFuture<Long>> held = new ArrayList<>();
        for (long i = 0; i < 3; i++) {
            long k = i;
            held.add(members.caller().executor().submitToMember(() -> gated(k), m1));
        }
        MoiraiRuntime runtime = members.runtimes.get(1);
        Awaitility.await().atMost(30, TimeUnit.SECONDS)
                .until(() -> runtime.snapshot().active() == 2 && runtime.snapshot().queued() == 1);

        long sent = System.nanoTime();
        CompletableFuture<Long> late = members.caller().executor().submitToMember(() -> 7L, m1);
        assertThatThrownBy(() -> late.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("no member had room").hasMessageContaining(BUSY_TIMEOUT.toString());
        assertThat(System.nanoTime() - sent).isGreaterThanOrEqualTo(BUSY_TIMEOUT.toNanos());

        gate.countDown();
        for (int i = 0; i < 3; i++) {
            assertThat(held.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(gone).isEmpty();
        assertThat(serving()).isEqualTo(2);
        assertThat(members.caller().executor().submitToMember(() -> 8L, m1).get(30, TimeUnit.SECONDS)).isEqualTo(8L);
    }
}
