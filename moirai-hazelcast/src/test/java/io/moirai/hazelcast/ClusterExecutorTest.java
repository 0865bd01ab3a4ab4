package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.runtime.Lane;
import java.io.NotSerializableException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.example.untrusted.Untrusted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Remote tasks on three members in this JVM: lanes, targets, failures, refusals, lifecycle. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterExecutorTest {

    private static TestMembers members;
    private static MoiraiClusterExecutor executor;

    @BeforeAll
    static void start() {
        members = new TestMembers("executor", 15750, 3);
        executor = members.caller().executor();
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    /** The member a task runs on, by its runtime's thread names (m0-, m1-, m2-). */
    static String where() {
        return Thread.currentThread().getName().replaceAll("-.*", "");
    }

    @Test
    void tasksRunOnMembersRuntimesOnTheChosenLane() throws Exception {
        Future<Long> answer = executor.submit(() -> 42L);
        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(42L);

        Set<String> places = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            places.add(executor.submit(ClusterExecutorTest::where).get(30, TimeUnit.SECONDS));
        }
        assertThat(places).containsExactlyInAnyOrder("m0", "m1", "m2");

        assertThat(executor.submit(() -> Thread.currentThread().isVirtual()).get()).isFalse();
        assertThat(executor.submit(() -> Thread.currentThread().isVirtual(), RemoteOptions.lane(Lane.BLOCKING))
                .get()).isTrue();
        CompletableFuture<Void> ran = executor.submit(() -> {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }, RemoteOptions.lane(Lane.BLOCKING));
        assertThat(ran.get(30, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void toAMemberAndToAKeysOwner() throws Exception {
        for (int i = 0; i < 3; i++) {
            Member member = members.instances.get(i).getCluster().getLocalMember();
            assertThat(executor.submitToMember(ClusterExecutorTest::where, member).get()).isEqualTo("m" + i);
        }
        HazelcastInstance hz = members.instances.getFirst();
        for (String key : List.of("alpha", "beta", "gamma", "delta")) {
            Member owner = hz.getPartitionService().getPartition(key).getOwner();
            int index = -1;
            for (int i = 0; i < members.instances.size(); i++) {
                if (members.instances.get(i).getCluster().getLocalMember().getUuid().equals(owner.getUuid())) {
                    index = i;
                }
            }
            String ranOn = executor.submitToKeyOwner(ClusterExecutorTest::where, key).get();
            if (members.clusters.get(index).isClosed()) {
                // an owner that does not serve (another test stopped it): another member runs it
                assertThat(ranOn).isNotEqualTo("m" + index);
            } else {
                assertThat(ranOn).isEqualTo("m" + index);
            }
        }
    }

    @Test
    void aTasksExceptionIsTheFuturesCause() {
        CompletableFuture<Object> failing = executor.submit(() -> {
            throw new IllegalStateException("remote boom");
        });
        assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("remote boom");
        // an exception that cannot be serialized comes back as text
        CompletableFuture<Object> odd = executor.submit(() -> {
            throw new NotSerializableFailure();
        });
        assertThatThrownBy(odd::get).isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining(NotSerializableFailure.class.getName());
        // a result that cannot be serialized fails the task
        CompletableFuture<Object> badResult = executor.submit(() -> new Object());
        assertThatThrownBy(badResult::get).cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be serialized");
    }

    static final class NotSerializableFailure extends RuntimeException {
        private final transient Object x = new Object();
        private final Thread holder = Thread.currentThread();   // Thread is not serializable
    }

    @Test
    void nonSerializableTasksAreRefusedBeforeSending() {
        Runnable plain = () -> { };
        assertThatThrownBy(() -> executor.execute(plain)).isInstanceOf(RejectedExecutionException.class)
                .hasCauseInstanceOf(NotSerializableException.class);
        Callable<Integer> plainCallable = () -> 1;
        assertThatThrownBy(() -> executor.submit(plainCallable)).isInstanceOf(RejectedExecutionException.class)
                .hasCauseInstanceOf(NotSerializableException.class);
        assertThatThrownBy(() -> executor.submit(plain, "x")).isInstanceOf(RejectedExecutionException.class)
                .hasCauseInstanceOf(NotSerializableException.class);
        assertThatThrownBy(() -> executor.invokeAll(List.of(plainCallable)))
                .isInstanceOf(RejectedExecutionException.class).hasCauseInstanceOf(NotSerializableException.class);
        Object lock = new Object();
        assertThatThrownBy(() -> executor.submit(() -> lock.hashCode()))
                .isInstanceOf(RejectedExecutionException.class).hasCauseInstanceOf(NotSerializableException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void inheritedMethodsTakeSerializableTasks() throws Exception {
        Callable<String> serializable = (Callable<String> & java.io.Serializable) () -> "ok";
        assertThat(executor.submit(serializable).get()).isEqualTo("ok");
        List<Future<String>> all = executor.invokeAll(List.of(serializable, serializable));
        assertThat(all).hasSize(2).allSatisfy(f -> assertThat(f.get()).isEqualTo("ok"));
        assertThat(executor.invokeAny(List.of(serializable))).isEqualTo("ok");
        Runnable runnable = (Runnable & java.io.Serializable) () -> { };
        assertThat(executor.submit(runnable, "done").get()).isEqualTo("done");
    }

    @Test
    void aPayloadOfAClassOutsideTheAllowListIsRefusedUndeserialized() {
        List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (MoiraiCluster c : members.clusters) {
            c.addListener(new ClusterListener() {
                @Override
                public void payloadRefused(String className) {
                    refused.add(className);
                }
            });
        }
        Untrusted.deserialized = false;
        CompletableFuture<String> future = executor.submit(new Untrusted());
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("refused").hasMessageContaining(Untrusted.class.getName())
                .hasMessageContaining("REJECTED");
        assertThat(Untrusted.deserialized).isFalse();
        assertThat(refused).contains(Untrusted.class.getName());

        // a task of an allowed class that captures one: the refusal names the captured class
        Untrusted captured = new Untrusted();
        CompletableFuture<String> capturing = executor.submit(() -> captured.call());
        assertThatThrownBy(() -> capturing.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("refused").hasMessageContaining("holds " + Untrusted.class.getName());
        assertThat(Untrusted.deserialized).isFalse();
    }

    @Test
    void aResultOfAClassOutsideTheAllowListIsRefusedByTheCallerNamingTheClass() {
        Untrusted.deserialized = false;
        CompletableFuture<Untrusted> future = executor.submit(Untrusted::new);
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("this member refused the result").hasMessageContaining(Untrusted.class.getName());
        assertThat(Untrusted.deserialized).isFalse();
    }

    @Test
    void cancellingAFutureInterruptsTheTask() throws Exception {
        int permitsBefore = blockingInUse();
        CompletableFuture<String> sleeper = executor.submit(() -> {
            Thread.sleep(60_000);
            return "woke";
        }, RemoteOptions.lane(Lane.BLOCKING));
        // cancel once it runs on a member, so the cancel has a running task to interrupt
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> blockingInUse() > permitsBefore);
        assertThat(sleeper.cancel(true)).isTrue();
        assertThatThrownBy(sleeper::get).isInstanceOf(CancellationException.class);
    }

    @Test
    void nullArgumentsAndOptions() {
        Member member = members.instances.getFirst().getCluster().getLocalMember();
        assertThatThrownBy(() -> executor.submit((RemoteCallable<Object>) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> executor.submit(() -> 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> executor.submit((RemoteRunnable) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> executor.submitToMember(null, member)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> executor.submitToMember(() -> 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> executor.submitToKeyOwner(() -> 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> executor.execute(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RemoteOptions.lane(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ClusterOptions.defaults().chunksPerWorker(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterOptions.defaults().allowPackages(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RemoteOptions.defaults().lane()).isEqualTo(Lane.CPU);
        assertThat(RemoteOptions.defaults().isRetryable()).isFalse();
        RemoteOptions options = RemoteOptions.lane(Lane.BLOCKING).retryable(true);
        assertThat(options.lane()).isEqualTo(Lane.BLOCKING);
        assertThat(options.isRetryable()).isTrue();
        assertThat(options.withLane(Lane.CPU)).isEqualTo(RemoteOptions.defaults().retryable(true));
    }

    @Test
    void aMemberThatLeavesFailsItsTasksUnlessRetryable() throws Exception {
        MoiraiCluster leaving = members.add();
        members.awaitServing(4);
        String name = "m" + (members.clusters.size() - 1);
        Member member = leaving.hazelcast().getCluster().getLocalMember();
        // blocks on the leaving member until interrupted; anywhere else it answers at once
        RemoteCallable<String> stuck = () -> {
            if (where().equals(name)) {
                Thread.sleep(60_000);
            }
            return where();
        };
        CompletableFuture<String> pinned = executor.submitToMember(stuck, member);
        List<CompletableFuture<String>> retryable = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            retryable.add(executor.submit(stuck, RemoteOptions.defaults().retryable(true)));
        }
        // close once work runs there, so the close meets running tasks, not only queued ones
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> leaving.runtime().snapshot().active() > 0);
        leaving.close();   // stops serving: its running tasks are interrupted and given back
        assertThatThrownBy(() -> pinned.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(ClusterWorkLostException.class).hasMessageContaining("not retryable");
        for (CompletableFuture<String> f : retryable) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isNotEqualTo(name);
        }
        assertThatThrownBy(() -> executor.submitToMember(() -> 1, member).get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(RejectedExecutionException.class);
        members.awaitServing(3);
    }

    @Test
    void aClientInstanceIsRefused() {
        com.hazelcast.client.config.ClientConfig config = new com.hazelcast.client.config.ClientConfig();
        config.setClusterName(members.instances.getFirst().getConfig().getClusterName());
        config.getNetworkConfig().addAddress("127.0.0.1:15750");
        HazelcastInstance client = com.hazelcast.client.HazelcastClient.newHazelcastClient(config);
        try {
            assertThatThrownBy(() -> MoiraiCluster.join(client, members.runtimes.getFirst()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client");
        } finally {
            client.shutdown();
        }
    }

    /** Blocking-lane permits in use over every member's runtime. */
    private static int blockingInUse() {
        return members.runtimes.stream().mapToInt(r -> r.snapshot().blockingInUse()).sum();
    }
}
