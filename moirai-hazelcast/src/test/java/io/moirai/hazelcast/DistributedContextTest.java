package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.map.IMap;
import io.moirai.iter.ExecutionContext;
import io.moirai.iter.IntIter;
import io.moirai.iter.Iter;
import io.moirai.iter.LongIter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The distributed context on three members in this JVM: every terminal equals the sequential one. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DistributedContextTest {

    private static TestMembers members;
    private static ExecutionContext cluster;

    @BeforeAll
    static void start() {
        members = new TestMembers("context", 15710, 3);
        cluster = members.caller().context();
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    /** Threads that ran some stage, recorded by member-side stages of this JVM. */
    static final Set<String> STAGE_THREADS = ConcurrentHashMap.newKeySet();

    static int record(int i) {
        STAGE_THREADS.add(Thread.currentThread().getName().replaceAll("-.*", ""));
        return i;
    }

    @Test
    void objectTerminalsEqualSequential() throws Exception {
        List<Integer> input = IntStream.range(0, 20_000).boxed().collect(Collectors.toCollection(ArrayList::new));
        Iter<String> words = Iter.of(input).filter(i -> i % 3 != 0).map(i -> "w" + (i * 7 % 1000));
        Iter<String> distributed = words.on(cluster);

        assertThat(distributed.toList()).isEqualTo(words.toList());
        assertThat(distributed.count()).isEqualTo(words.count());
        assertThat(distributed.reduce("", String::concat)).isEqualTo(words.reduce("", String::concat));
        assertThat(distributed.reduce((a, b) -> a.compareTo(b) <= 0 ? a : b))
                .isEqualTo(words.reduce((a, b) -> a.compareTo(b) <= 0 ? a : b));
        assertThat(distributed.min(String::compareTo)).isEqualTo(words.min(String::compareTo));
        assertThat(distributed.max(String::compareTo)).isEqualTo(words.max(String::compareTo));
        assertThat(distributed.anyMatch(w -> w.equals("w999"))).isEqualTo(words.anyMatch(w -> w.equals("w999")));
        assertThat(distributed.anyMatch(w -> w.equals("nope"))).isFalse();
        assertThat(distributed.allMatch(w -> w.startsWith("w"))).isTrue();
        assertThat(distributed.noneMatch(w -> w.length() > 4)).isTrue();
        assertThat(distributed.findFirst()).isEqualTo(words.findFirst());
        List<String> viaIterator = new ArrayList<>();
        distributed.iterator().forEachRemaining(viaIterator::add);
        assertThat(viaIterator).isEqualTo(words.toList());

        // collect and forEach run here, in encounter order, with functions that never travel
        assertThat(distributed.collect(Collectors.toList())).isEqualTo(words.toList());
        assertThat(distributed.collect(Collectors.joining(","))).isEqualTo(words.collect(Collectors.joining(",")));
        Thread caller = Thread.currentThread();
        List<String> seen = new ArrayList<>();   // not thread-safe on purpose
        List<Thread> threads = new ArrayList<>();
        distributed.forEach(w -> {
            threads.add(Thread.currentThread());
            seen.add(w);
        });
        assertThat(seen).isEqualTo(words.toList());
        assertThat(threads).containsOnly(caller);

        // async, every terminal through the same path
        assertThat(distributed.async().toList().toCompletableFuture().get()).isEqualTo(words.toList());
        assertThat(distributed.async().count().toCompletableFuture().get()).isEqualTo(words.count());
        assertThat(distributed.async().collect(Collectors.toList()).toCompletableFuture().get())
                .isEqualTo(words.toList());
        assertThat(distributed.async().findFirst().toCompletableFuture().get()).isEqualTo(words.findFirst());
        List<String> asyncSeen = new CopyOnWriteArrayList<>();
        distributed.async().forEach(asyncSeen::add).toCompletableFuture().get();
        assertThat(asyncSeen).isEqualTo(words.toList());
    }

    @Test
    void primitiveTerminalsEqualSequential() throws Exception {
        IntIter ints = Iter.range(-5_000, 95_000).map(i -> i * 31 % 1_000).filter(i -> i % 2 == 0);
        IntIter distributed = ints.on(cluster);
        assertThat(distributed.sum()).isEqualTo(ints.sum());
        assertThat(distributed.count()).isEqualTo(ints.count());
        assertThat(distributed.min()).isEqualTo(ints.min());
        assertThat(distributed.max()).isEqualTo(ints.max());
        assertThat(distributed.average()).isEqualTo(ints.average());
        assertThat(distributed.toArray()).isEqualTo(ints.toArray());
        assertThat(distributed.reduce(0, Integer::sum)).isEqualTo(ints.reduce(0, Integer::sum));
        assertThat(distributed.reduce(Math::max)).isEqualTo(ints.reduce(Math::max));
        List<Integer> seen = new ArrayList<>();
        distributed.forEach(seen::add);
        assertThat(seen).isEqualTo(IntStream.of(ints.toArray()).boxed().toList());
        assertThat(distributed.async().sum().toCompletableFuture().get()).isEqualTo(ints.sum());
        assertThat(distributed.async().toArray().toCompletableFuture().get()).isEqualTo(ints.toArray());

        LongIter longs = Iter.range(0L, 1_000_000L).map(i -> i * i).filter(i -> i % 3 == 1);
        assertThat(longs.on(cluster).sum()).isEqualTo(longs.sum());

        double[] values = IntStream.range(0, 10_000).mapToDouble(i -> i * 0.25).toArray();
        assertThat(Iter.of(values).on(cluster).toArray()).isEqualTo(values);
        assertThat(Iter.of(values).on(cluster).sum()).isCloseTo(Iter.of(values).sum(),
                org.assertj.core.data.Offset.offset(1e-6));
        int[] array = IntStream.range(0, 5_000).toArray();
        assertThat(Iter.of(array).on(cluster).mapToObj(Integer::toString).toList())
                .isEqualTo(Iter.of(array).mapToObj(Integer::toString).toList());
    }

    @Test
    void chunksRunOnEveryMemberAndPeekRunsThere() {
        STAGE_THREADS.clear();
        long n = Iter.range(0, 200_000).map(DistributedContextTest::record).on(cluster).count();
        assertThat(n).isEqualTo(200_000);
        assertThat(STAGE_THREADS).contains("m0", "m1", "m2");

        Set<String> peekThreads = ConcurrentHashMap.newKeySet();
        STAGE_THREADS.clear();
        Iter.range(0, 60_000).boxed().map(i -> record(i)).on(cluster).toList();
        assertThat(STAGE_THREADS).hasSizeGreaterThan(1);
        assertThat(peekThreads).isEmpty();
    }

    @Test
    void emptyTinyUnsplittableAndBlockingPipelines() {
        assertThat(Iter.<String>empty().on(cluster).toList()).isEmpty();
        assertThat(Iter.range(0, 0).on(cluster).sum()).isZero();
        assertThat(Iter.range(0, 1).on(cluster).max()).hasValue(0);
        // limit and unindexed sources run on this member's runtime; same results
        assertThat(Iter.range(0, 100_000).filter(i -> i % 7 == 3).limit(10).on(cluster).toArray())
                .isEqualTo(Iter.range(0, 100_000).filter(i -> i % 7 == 3).limit(10).toArray());
        LinkedList<Integer> linked = new LinkedList<>(List.of(5, 1, 4));
        assertThat(Iter.of(linked).map(i -> i * 2).on(cluster).toList()).containsExactly(10, 2, 8);
        // mapBlocking stages run on the members' blocking lane (virtual threads)
        List<Boolean> virtual = Iter.range(0, 2_000).boxed()
                .mapBlocking(i -> Thread.currentThread().isVirtual()).on(cluster).toList();
        assertThat(virtual).hasSize(2_000).containsOnly(true);
    }

    @Test
    void mapEntriesAreProcessedWhereTheyLive() throws Exception {
        IMap<Integer, String> map = members.instances.getFirst().getMap("entries-" + System.nanoTime());
        for (int i = 0; i < 3_000; i++) {
            map.put(i, "v" + i);
        }
        MoiraiCluster caller = members.caller();
        Iter<Map.Entry<Integer, String>> entries = caller.entries(map);
        assertThat(entries.count()).isEqualTo(3_000);
        Set<Integer> keys = new HashSet<>(entries.map(Map.Entry::getKey).toList());
        assertThat(keys).hasSize(3_000).contains(0, 2_999);
        long sum = entries.mapToLong(e -> (long) e.getKey()).sum();
        assertThat(sum).isEqualTo(2_999L * 3_000 / 2);
        // the same order as the sequential context reading partition after partition
        assertThat(entries.map(Map.Entry::getValue).toList())
                .isEqualTo(entries.on(ExecutionContext.sequential()).map(Map.Entry::getValue).toList());
        assertThat(entries.async().count().toCompletableFuture().get()).isEqualTo(3_000);
        // each partition's chunk went to its owner
        Map<Integer, java.util.UUID> sentTo = new ConcurrentHashMap<>();
        ClusterListener sent = new ClusterListener() {
            @Override
            public void chunkSent(long jobId, int chunk, java.util.UUID member) {
                sentTo.put(chunk, member);
            }
        };
        caller.addListener(sent);
        STAGE_THREADS.clear();
        entries.map(e -> record(e.getKey())).count();
        caller.removeListener(sent);
        assertThat(STAGE_THREADS).contains("m0", "m1", "m2");
        assertThat(sentTo).hasSize(31);   // one chunk per partition (the tests' partition count)
        sentTo.forEach((partition, member) -> assertThat(member).isEqualTo(members.instances.getFirst()
                .getPartitionService().getPartitions().stream().filter(p -> p.getPartitionId() == partition)
                .findFirst().orElseThrow().getOwner().getUuid()));
    }

    @Test
    void failuresOfStagesAreRethrownAsThrown() {
        IllegalStateException boom = new IllegalStateException("boom at 777");
        assertThatThrownBy(() -> Iter.range(0, 100_000).map(i -> {
            if (i == 777) {
                throw new IllegalStateException("boom at 777");
            }
            return i;
        }).on(cluster).sum()).isInstanceOf(IllegalStateException.class).hasMessage(boom.getMessage());

        CompletableFuture<Integer> failed = Iter.range(0, 100_000).map(i -> 10 / (i - 5)).on(cluster)
                .async().sum().toCompletableFuture();
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ArithmeticException.class);
    }

    /** As in every context: a blocking terminal called with the interrupt status set is cancelled before anything is sent. */
    @Test
    void aTerminalCalledOnAnInterruptedThreadIsCancelledBeforeAnythingIsSent() {
        STAGE_THREADS.clear();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Iter.range(0, 100_000).map(i -> record(i)).on(cluster).sum())
                    .isInstanceOf(CancellationException.class).hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(STAGE_THREADS).isEmpty();
    }

    @Test
    void aStageThatCannotTravelFailsAtTheTerminalBeforeAnythingIsSent() {
        Object notSerializable = new Object();
        STAGE_THREADS.clear();
        assertThatThrownBy(() -> Iter.range(0, 1_000).map(i -> record(i) + notSerializable.hashCode() * 0)
                .on(cluster).sum())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object").hasMessageContaining("map");
        assertThat(STAGE_THREADS).isEmpty();
        CompletableFuture<Long> async = Iter.range(0, 10).map(i -> i + notSerializable.hashCode() * 0)
                .on(cluster).async().count().toCompletableFuture();
        assertThatThrownBy(async::get).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingTheAsyncStageStopsSending() throws Exception {
        endingTheAsyncStageFromOutsideStopsTheJob(held -> {
            assertThat(held.cancel(true)).isTrue();
            assertThatThrownBy(held::get).isInstanceOf(CancellationException.class);
        });
    }

    @Test
    void aTimeoutOnTheAsyncStageStopsSending() throws Exception {
        endingTheAsyncStageFromOutsideStopsTheJob(held -> {
            held.orTimeout(1, TimeUnit.MILLISECONDS);
            assertThatThrownBy(held::get).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        });
    }

    @Test
    void completingTheAsyncStageStopsSending() throws Exception {
        endingTheAsyncStageFromOutsideStopsTheJob(held -> {
            assertThat(held.complete(-1L)).isTrue();
            assertThat(held.join()).isEqualTo(-1L);
        });
    }

    @Test
    void completeAsyncOnTheAsyncStageStopsSending() throws Exception {
        // completeAsync completes a CompletableFuture without calling complete()
        endingTheAsyncStageFromOutsideStopsTheJob(held -> assertThat(held.completeAsync(() -> -1L).join()).isEqualTo(-1L));
    }

    /**
     * Starts a job that cannot finish by itself, ends its stage by {@code ending}, and checks that
     * the job left the cluster and the members are free again.
     */
    private void endingTheAsyncStageFromOutsideStopsTheJob(
            java.util.function.Consumer<CompletableFuture<Long>> ending) throws Exception {
        // The chunks from element 5,000,000 on wait until stopped: a CPU-heavy stage finished
        // in under a second once the JIT had compiled it, sometimes between two looks at the
        // job, which then could never be seen running.
        Fns.holding = true;
        try {
            CompletableFuture<Long> held = Iter.range(0L, 50_000_000L).map(i -> Fns.heldFrom(i, 5_000_000L))
                    .on(cluster).async().sum().toCompletableFuture();
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> held.isDone() || !members.caller().snapshot().jobs().isEmpty()
                            && members.caller().snapshot().jobs().getFirst().chunksDone() > 0);
            assertThat(held).as("the job runs until stopped").isNotDone();
            ClusterSnapshot.JobState running = members.caller().snapshot().jobs().getFirst();
            assertThat(running.chunksDone()).isLessThan(running.chunksTotal());
            ending.accept(held);
            org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> members.caller().snapshot().jobs().isEmpty());
            // the members are free again: the held chunks were interrupted, not let go
            assertThat(Iter.range(0, 1_000).on(cluster).sum()).isEqualTo(IntStream.range(0, 1_000).sum());
        } finally {
            Fns.holding = false;
        }
    }

    @Test
    void progressAndSnapshot() {
        List<long[]> progress = new CopyOnWriteArrayList<>();
        Iter.range(0, 100_000).on(cluster).withProgress((done, total) -> progress.add(new long[] {done, total}))
                .sum();
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast()[0]).isEqualTo(progress.getLast()[1]);
        ClusterSnapshot snapshot = members.caller().snapshot();
        assertThat(snapshot.members()).hasSize(3).allMatch(ClusterSnapshot.MemberState::serving);
        assertThat(snapshot.members()).filteredOn(ClusterSnapshot.MemberState::local).hasSize(1);
        assertThat(snapshot.members()).allMatch(m -> m.parallelism() == 2);
    }

    @Test
    void nullArguments() {
        assertThatThrownBy(() -> members.caller().entries(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> members.caller().addListener(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> MoiraiCluster.join(null, members.runtimes.getFirst()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> MoiraiCluster.join(members.instances.getFirst(), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> MoiraiCluster.embedded(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> MoiraiCluster.join(members.instances.getFirst(), members.runtimes.getFirst(), null))
                .isInstanceOf(NullPointerException.class);
    }
}
