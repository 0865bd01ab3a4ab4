package io.moirai.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.channel.Channel;
import io.moirai.channel.Channels;
import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A channel source takes from the channel only what the evaluation can use, in every context:
 * {@code limit} and {@code findFirst} after stages that keep one output per input receive exactly
 * what they return, even where the channel stays open; a short-circuit the source cannot foresee
 * takes elements one at a time, so past the deciding element it consumes at most one per reading
 * thread when every later element decides too; and a stopped evaluation withdraws the receive it
 * waits in. The parallel contexts read a channel on their own once the inline prefix has used its
 * budget, so the pipelines here have a stage costlier than that budget ({@link #costly}).
 */
class IterChannelNoLossTest {

    /** Threads that read the source in the parallel contexts: the caller (or root task) and parallelism - 1 helpers. */
    private static final int PARALLELISM = 2;
    private static final Duration NO_HANG = Duration.ofSeconds(10);

    private static MoiraiRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = MoiraiRuntime.builder().parallelism(PARALLELISM).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /**
     * The parallel contexts received a batch of 64 after the inline prefix, and dropped what
     * {@code limit} did not keep: after {@code limit(10)} the channel's next element was 72.
     */
    @Test
    void limitThroughOneOutputStagesLeavesEveryOtherElementInTheChannel() {
        List<Pipeline> shapes = List.of(
                new Pipeline("limit(10)", ch -> Iter.of(ch).limit(10), range(0, 10)),
                new Pipeline("map(costly).limit(10)", ch -> Iter.of(ch).map(IterChannelNoLossTest::costly).limit(10), range(0, 10)),
                new Pipeline("mapBlocking.peek.limit(10)", ch -> Iter.of(ch).mapBlocking(x -> costly(x)).peek(x -> { }).limit(10),
                        range(0, 10)));
        for (Contexts mode : Contexts.all()) {
            for (Pipeline shape : shapes) {
                Channel<Integer> channel = openChannelHolding(1000);

                List<Integer> taken = mode.run(shape.iter.apply(channel).on(mode.context(runtime)), Iter::toList,
                        iter -> iter.async().toList());

                assertThat(taken).as("%s %s", mode, shape.name).isEqualTo(shape.expected);
                assertThat(drain(channel)).as("%s %s: left in the channel", mode, shape.name).isEqualTo(range(10, 1000));
            }
        }
    }

    /** More than the inline prefix's first 8 elements, so that the claims read the rest. */
    @Test
    void chunkedThenLimitTakesOnlyTheChunksItKeeps() {
        for (Contexts mode : Contexts.all()) {
            Channel<Integer> channel = openChannelHolding(100);

            List<List<Integer>> chunks = mode.run(
                    Iter.of(channel).map(IterChannelNoLossTest::costly).chunked(5).limit(3).on(mode.context(runtime)),
                    Iter::toList, iter -> iter.async().toList());

            assertThat(chunks).as("%s", mode).containsExactly(range(0, 5), range(5, 10), range(10, 15));
            assertThat(drain(channel)).as("%s: left in the channel", mode).isEqualTo(range(15, 100));
        }
    }

    @Test
    void findFirstThroughOneOutputStagesTakesOneElement() {
        for (Contexts mode : Contexts.all()) {
            Channel<Integer> channel = openChannelHolding(100);

            Optional<Integer> first = mode.run(Iter.of(channel).map(IterChannelNoLossTest::costly).on(mode.context(runtime)),
                    Iter::findFirst, iter -> iter.async().findFirst());

            assertThat(first).as("%s", mode).hasValue(0);
            assertThat(drain(channel)).as("%s: left in the channel", mode).isEqualTo(range(1, 100));
        }
    }

    /**
     * With exactly n elements buffered and the channel left open, the parallel contexts received
     * the last ones in a batch that then waited for elements {@code limit} did not need: the
     * terminal returned only when the channel was closed (3 runs in 40 without a costly stage,
     * every run with one).
     */
    @Test
    void limitWithExactlyThatManyBufferedReturnsWhileTheChannelStaysOpen() throws Exception {
        for (int round = 0; round < 50; round++) {
            for (Contexts mode : Contexts.all()) {
                for (boolean costly : new boolean[] {false, true}) {
                    Channel<Integer> channel = openChannelHolding(10);
                    Iter<Integer> source = Iter.of(channel);
                    Iter<Integer> iter = (costly ? source.map(IterChannelNoLossTest::costly) : source).limit(10)
                            .on(mode.context(runtime));

                    List<Integer> taken = withinTimeout(channel, () -> mode.run(iter, Iter::toList, i -> i.async().toList()));

                    assertThat(taken).as("round %d %s costly=%s", round, mode, costly).isEqualTo(range(0, 10));
                    assertThat(channel.isClosedForReceive()).isFalse();
                    assertThat(channel.tryReceive()).isNull();
                }
            }
        }
    }

    /**
     * A filter hides from the source how many elements findFirst needs, so the parallel contexts
     * receive one element per claim: past the first match, each reading thread holds at most one
     * more, and here every later element matches, so it stops there.
     */
    @Test
    void findFirstAfterAFilterConsumesAtMostOneElementPerOtherThreadPastTheMatch() {
        for (Contexts mode : Contexts.all()) {
            Channel<Integer> channel = openChannelHolding(200);

            Optional<Integer> first = mode.run(Iter.of(channel).filter(x -> costly(x) >= 100).on(mode.context(runtime)),
                    Iter::findFirst, iter -> iter.async().findFirst());

            assertThat(first).as("%s", mode).hasValue(100);
            assertContiguousTail(mode, drain(channel), 101, mode == Contexts.SEQUENTIAL || mode == Contexts.SEQUENTIAL_ASYNC ? 101 : 100 + PARALLELISM);
        }
    }

    @Test
    void matchesConsumeAtMostOneElementPerOtherThreadPastTheDecidingOne() {
        for (Contexts mode : Contexts.all()) {
            int most = mode == Contexts.SEQUENTIAL || mode == Contexts.SEQUENTIAL_ASYNC ? 101 : 100 + PARALLELISM;
            Channel<Integer> any = openChannelHolding(200);
            Channel<Integer> all = openChannelHolding(200);

            boolean anyFound = mode.run(Iter.of(any).on(mode.context(runtime)), i -> i.anyMatch(x -> costly(x) >= 100),
                    i -> i.async().anyMatch(x -> costly(x) >= 100));
            boolean allBelow = mode.run(Iter.of(all).on(mode.context(runtime)), i -> i.allMatch(x -> costly(x) < 100),
                    i -> i.async().allMatch(x -> costly(x) < 100));

            assertThat(anyFound).as("%s anyMatch", mode).isTrue();
            assertThat(allBelow).as("%s allMatch", mode).isFalse();
            assertContiguousTail(mode, drain(any), 101, most);
            assertContiguousTail(mode, drain(all), 101, most);
        }
    }

    /** Past the last element limit keeps, the elements the other threads received are gone; the rest stay, in order. */
    @Test
    void limitAfterAFilterKeepsTheFirstMatchesAndLeavesTheRestInOrder() {
        for (Contexts mode : Contexts.all()) {
            Channel<Integer> channel = openChannelHolding(200);

            List<Integer> evens = mode.run(Iter.of(channel).filter(x -> costly(x) % 2 == 0).limit(5).on(mode.context(runtime)),
                    Iter::toList, iter -> iter.async().toList());

            assertThat(evens).as("%s", mode).containsExactly(0, 2, 4, 6, 8);
            assertContiguousTail(mode, drain(channel), 9, mode == Contexts.SEQUENTIAL || mode == Contexts.SEQUENTIAL_ASYNC ? 9 : 199);
        }
    }

    /**
     * Cancelling an async evaluation whose readers wait on an empty open channel ends them without
     * an element: they held their CPU workers until an element or the close came, and then
     * received it for an evaluation nobody waited for.
     */
    @Test
    void cancellingAnAsyncEvaluationWithdrawsTheReceiveItWaitsIn() {
        for (Contexts mode : List.of(Contexts.PARALLEL_ASYNC, Contexts.HYBRID_ASYNC)) {
            Channel<Integer> channel = openChannelHolding(20);
            AtomicInteger seen = new AtomicInteger();
            CompletionStage<Long> count = Iter.of(channel).map(IterChannelNoLossTest::costly).peek(x -> seen.incrementAndGet())
                    .on(mode.context(runtime)).async().count();
            try {
                await().atMost(NO_HANG).until(() -> seen.get() == 20);

                count.toCompletableFuture().cancel(true);

                await(mode + ": the readers let go of their workers").atMost(NO_HANG)
                        .until(() -> runtime.snapshot().active() == 0);
                assertThat(count.toCompletableFuture()).isCancelled();
                channel.trySend(42);
                assertThat(channel.tryReceive()).as("%s: sent after the cancel", mode).isEqualTo(42);
            } finally {
                channel.close(); // a reader still waiting would hold its worker, and close() of the runtime with it
            }
        }
    }

    /** Spins for longer than the parallel contexts' inline budget: the claims, not the prefix, read the channel. */
    private static Integer costly(Integer x) {
        long end = System.nanoTime() + ParallelRun.INLINE_BUDGET_NS + 5_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        return x;
    }

    private static Channel<Integer> openChannelHolding(int n) {
        Channel<Integer> channel = Channels.unbounded();
        for (int i = 0; i < n; i++) {
            assertThat(channel.trySend(i)).isTrue();
        }
        return channel;
    }

    private static List<Integer> drain(Channel<Integer> channel) {
        List<Integer> left = new ArrayList<>();
        for (Integer x; (x = channel.tryReceive()) != null; ) {
            left.add(x);
        }
        return left;
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    /** What is left is {@code k..199}, in order, with {@code least <= k <= most}: nothing but a prefix was taken. */
    private static void assertContiguousTail(Contexts mode, List<Integer> left, int least, int most) {
        assertThat(left).as("%s: left in the channel", mode).isNotEmpty();
        int k = left.getFirst();
        assertThat(k).as("%s: first element left", mode).isBetween(least, most);
        assertThat(left).as("%s: left in the channel", mode).isEqualTo(range(k, 200));
    }

    /** Runs {@code body} on its own thread; a hang closes the channel (which ends it) and fails the test. */
    private static <R> R withinTimeout(Channel<?> channel, java.util.function.Supplier<R> body) throws Exception {
        CompletableFuture<R> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(body.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(NO_HANG.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException hang) {
            channel.close();
            throw new AssertionError("no result within " + NO_HANG + " while the channel stayed open", hang);
        }
    }

    private record Pipeline(String name, Function<Channel<Integer>, Iter<Integer>> iter, List<Integer> expected) {
    }
}
