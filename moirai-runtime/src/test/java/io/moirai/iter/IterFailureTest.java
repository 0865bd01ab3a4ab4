package io.moirai.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Arguments, failures, cancellation, shutdown, empty and large inputs, short-circuiting. */
class IterFailureTest {

    private static MoiraiRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = MoiraiRuntime.builder().parallelism(2).blockingConcurrency(8).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void nullAndInvalidArgumentsAreRejectedEagerly() {
        assertThatThrownBy(() -> Iter.of((Collection<Object>) null)).isInstanceOf(NullPointerException.class).hasMessage("collection");
        assertThatThrownBy(() -> Iter.of((Iterable<Object>) null)).isInstanceOf(NullPointerException.class).hasMessage("iterable");
        assertThatThrownBy(() -> Iter.of((Object[]) null)).isInstanceOf(NullPointerException.class).hasMessage("array");
        assertThatThrownBy(() -> Iter.of((int[]) null)).isInstanceOf(NullPointerException.class).hasMessage("array");
        assertThatThrownBy(() -> Iter.of((Spliterator<Object>) null)).isInstanceOf(NullPointerException.class).hasMessage("spliterator");
        Iter<Integer> iter = Iter.of(List.of(1));
        assertThatThrownBy(() -> iter.map(null)).hasMessage("mapper");
        assertThatThrownBy(() -> iter.filter(null)).hasMessage("predicate");
        assertThatThrownBy(() -> iter.flatMap(null)).hasMessage("mapper");
        assertThatThrownBy(() -> iter.mapBlocking(null)).hasMessage("mapper");
        assertThatThrownBy(() -> iter.peek(null)).hasMessage("action");
        assertThatThrownBy(() -> iter.on(null)).hasMessage("context");
        assertThatThrownBy(() -> iter.withProgress(null)).isInstanceOf(NullPointerException.class).hasMessage("listener");
        assertThatThrownBy(() -> Iter.range(0, 5).withProgress(null)).isInstanceOf(NullPointerException.class).hasMessage("listener");
        assertThatThrownBy(() -> iter.collect(null)).hasMessage("collector");
        assertThatThrownBy(() -> iter.min(null)).hasMessage("comparator");
        assertThatThrownBy(() -> iter.limit(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> iter.chunked(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> Iter.range(0, 5).map(null)).hasMessage("mapper");
        assertThatThrownBy(() -> Iter.range(0, 5).limit(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecutionContext.parallel(null)).hasMessage("runtime");
        assertThatThrownBy(() -> ExecutionContext.hybrid(null)).hasMessage("runtime");
        assertThatThrownBy(() -> new Evaluation<>(null, null, null).split(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullElementsFlowAsInStreams() {
        List<String> withNull = new ArrayList<>(List.of("a", "b"));
        withNull.add(1, null);
        for (ExecutionContext context : contexts()) {
            Iter<String> iter = Iter.of(withNull).on(context);
            assertThat(iter.toList()).containsExactly("a", null, "b");
            assertThat(iter.count()).isEqualTo(3);
            assertThatThrownBy(() -> iter.map(s -> (String) null).findFirst()).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> iter.map(s -> "x").map(s -> (String) null).reduce((a, b) -> a)).isInstanceOf(NullPointerException.class);
            assertThat(iter.flatMap(s -> s == null ? null : List.of(s, s)).toList()).containsExactly("a", "a", "b", "b");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void anExceptionInMapFailsThePipelineAndStopsTheWork(Contexts mode) {
        IllegalStateException boom = new IllegalStateException("boom");
        LongAdder visited = new LongAdder();
        int n = 10_000_000;
        IntIter failing = Iter.range(0, n).on(mode.context(runtime)).map(x -> {
            visited.increment();
            if (x == 3_000_000) {
                throw boom;
            }
            return x;
        });
        assertThatThrownBy(() -> mode.run(failing, IntIter::sum, p -> p.async().sum())).isSameAs(boom);
        awaitQuiet();
        assertThat(visited.sum()).isLessThan(n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void anExceptionInFilterFailsThePipeline(Contexts mode) {
        ArithmeticException boom = new ArithmeticException("boom");
        Iter<Integer> failing = Iter.range(0, 100_000).boxed().on(mode.context(runtime)).filter(x -> {
            if (x == 77_777) {
                throw boom;
            }
            return true;
        });
        assertThatThrownBy(() -> mode.run(failing, Iter::toList, p -> p.async().toList())).isSameAs(boom);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void anExceptionInMapBlockingFailsThePipelineAndInterruptsTheOthers(Contexts mode) {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        boolean sequential = mode == Contexts.SEQUENTIAL || mode == Contexts.SEQUENTIAL_ASYNC;
        // the third call fails while two others block (the sequential context: the first call)
        Iter<Integer> failing = Iter.range(0, 5_000).boxed().on(mode.context(runtime)).mapBlocking(x -> {
            if (started.incrementAndGet() == (sequential ? 1 : 3)) {
                throw boom;
            }
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
            }
            return x;
        });
        assertThatThrownBy(() -> mode.run(failing, Iter::toList, p -> p.async().toList())).isSameAs(boom);
        awaitQuiet();
        assertThat(started.get()).isLessThan(5_000);
        assertThat(interrupted.get()).isEqualTo(started.get() - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("async")
    void cancellingTheAsyncStageStopsTheWork(Contexts mode) {
        LongAdder visited = new LongAdder();
        CompletableFuture<Long> running = endlessSum(mode, visited);
        await().atMost(Duration.ofSeconds(30)).until(() -> visited.sum() > 1_000);
        assertThat(running.cancel(true)).isTrue();
        assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
        awaitWorkStopped(visited);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("async")
    void cancellingStopsAFlatMapThatExpandsAnElementWithoutEnd(Contexts mode) {
        LongAdder visited = new LongAdder();
        CompletableFuture<Long> running = endlessFlatMapCount(mode, visited);
        await().atMost(Duration.ofSeconds(30)).until(() -> visited.sum() > 1_000);
        assertThat(running.cancel(true)).isTrue();
        awaitWorkStopped(visited);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("async")
    void aTimeoutStopsAFlatMapThatExpandsAnElementWithoutEnd(Contexts mode) {
        LongAdder visited = new LongAdder();
        CompletableFuture<Long> running = endlessFlatMapCount(mode, visited).orTimeout(100, TimeUnit.MILLISECONDS);
        assertThatThrownBy(running::join).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        awaitWorkStopped(visited);
    }

    /** An async count of a flatMap that expands its first element without end, counting what it visits. */
    private CompletableFuture<Long> endlessFlatMapCount(Contexts mode, LongAdder visited) {
        Iterable<Long> endless = () -> java.util.stream.LongStream.iterate(0, x -> x + 1).boxed()
                .peek(x -> visited.increment()).iterator();
        return Iter.of(List.of(1, 2, 3)).on(mode.context(runtime)).flatMap(x -> endless).async().count()
                .toCompletableFuture();
    }

    /** An async sum over every long, counting the elements it visits: it ends only when stopped. */
    private CompletableFuture<Long> endlessSum(Contexts mode, LongAdder visited) {
        return Iter.range(0L, Long.MAX_VALUE).on(mode.context(runtime))
                .map(x -> {
                    visited.increment();
                    return x;
                }).async().sum().toCompletableFuture();
    }

    /** The runtime is quiet and the count of visited elements holds still (the sequential context's thread polls too). */
    private static void awaitWorkStopped(LongAdder visited) {
        awaitQuiet();
        long[] last = {-1};
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30)).until(() -> {
            long now = visited.sum();
            boolean still = now == last[0];
            last[0] = now;
            return still;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("async")
    void aTimeoutOnTheAsyncStageStopsTheWork(Contexts mode) {
        LongAdder visited = new LongAdder();
        CompletableFuture<Long> running = endlessSum(mode, visited).orTimeout(100, TimeUnit.MILLISECONDS);
        assertThatThrownBy(running::join).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        awaitWorkStopped(visited); // nobody can see the result any more: stopped as after a cancel
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("async")
    void completeAsyncOnTheAsyncStageStopsTheWork(Contexts mode) {
        // completeAsync completes a CompletableFuture without calling complete()
        LongAdder visited = new LongAdder();
        CompletableFuture<Long> running = endlessSum(mode, visited);
        await().atMost(Duration.ofSeconds(30)).until(() -> visited.sum() > 0);
        running.completeAsync(() -> -1L);
        assertThat(running.join()).isEqualTo(-1L);
        awaitWorkStopped(visited);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("async")
    void cancellingInterruptsBlockingStagesAndSkipsTheRest(Contexts mode) {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        CompletableFuture<List<Integer>> running = Iter.range(0, 10_000).boxed().on(mode.context(runtime))
                .mapBlocking(x -> {
                    started.incrementAndGet();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                    }
                    return x;
                }).async().toList().toCompletableFuture();
        await().atMost(Duration.ofSeconds(30)).until(() -> started.get() > 0);
        running.cancel(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> interrupted.get() == started.get());
        awaitQuiet();
        assertThat(started.get()).isLessThan(10_000);
        assertThat(interrupted.get()).isEqualTo(started.get());
    }

    @Test
    void emptyInputsGiveEmptyResultsEverywhere() {
        for (ExecutionContext context : contexts()) {
            Iter<Integer> empty = Iter.<Integer>empty().on(context);
            assertThat(empty.toList()).isEmpty();
            assertThat(empty.count()).isZero();
            assertThat(empty.reduce(0, Integer::sum)).isZero();
            assertThat(empty.reduce(Integer::sum)).isEmpty();
            assertThat(empty.min(Integer::compare)).isEmpty();
            assertThat(empty.findFirst()).isEmpty();
            assertThat(empty.anyMatch(x -> true)).isFalse();
            assertThat(empty.allMatch(x -> false)).isTrue();
            assertThat(empty.chunked(3).toList()).isEmpty();
            assertThat(empty.mapBlocking(x -> x).toList()).isEmpty();
            assertThat(Iter.of(new int[0]).on(context).sum()).isZero();
            assertThat(Iter.of(new int[0]).on(context).min()).isEmpty();
            assertThat(Iter.of(new double[0]).on(context).average()).isEmpty();
            assertThat(Iter.range(5, 5).on(context).toArray()).isEmpty();
            assertThat(Iter.of(new long[0]).on(context).reduce(Long::sum)).isEmpty();
        }
    }

    @Test
    void aLargeRangeCountsInParallel() {
        for (ExecutionContext context : contexts()) {
            assertThat(Iter.range(0, 10_000_000).filter(i -> i % 3 == 0).on(context).count()).isEqualTo(3_333_334);
        }
        assertThat(Iter.range(0, 10_000_000).filter(i -> i % 3 == 0).on(ExecutionContext.parallel(runtime))
                .async().count().toCompletableFuture().join()).isEqualTo(3_333_334);
    }

    @Test
    void aShutDownRuntimeRejectsTheTerminal() throws Exception {
        MoiraiRuntime down = MoiraiRuntime.builder().parallelism(1).build();
        down.close();
        for (ExecutionContext context : List.of(ExecutionContext.parallel(down), ExecutionContext.hybrid(down))) {
            assertThatThrownBy(() -> Iter.range(0, 10).on(context).sum()).isInstanceOf(RejectedExecutionException.class);
            assertThatThrownBy(() -> Iter.of(List.of(1, 2)).on(context).toList()).isInstanceOf(RejectedExecutionException.class);
            CompletableFuture<Long> async = Iter.range(0, 10).on(context).async().count().toCompletableFuture();
            assertThatThrownBy(() -> async.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RejectedExecutionException.class);
        }
    }

    @Test
    void shortCircuitingTerminalsStopEarly() {
        for (ExecutionContext context : contexts()) {
            LongAdder visited = new LongAdder();
            Iter<Integer> counted = Iter.range(0, 10_000_000).boxed().on(context).peek(x -> visited.increment());
            assertThat(counted.anyMatch(x -> x == 5)).isTrue();
            assertThat(visited.sum()).isLessThan(100_000);
            visited.reset();
            assertThat(counted.filter(x -> x > 100).findFirst()).hasValue(101);
            assertThat(visited.sum()).isLessThan(100_000);
            visited.reset();
            assertThat(counted.allMatch(x -> x < 1_000)).isFalse();
            assertThat(visited.sum()).isLessThan(100_000);
            visited.reset();
            assertThat(counted.limit(10).toList()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(visited.sum()).isLessThan(100_000);
        }
    }

    @Test
    void limitInParallelKeepsTheFirstElementsInOrder() {
        List<Integer> expected = IntStream.range(0, 3_000_000).filter(x -> x % 3 == 0).limit(200_000).boxed().toList();
        for (ExecutionContext context : contexts()) {
            assertThat(Iter.range(0, 3_000_000).boxed().on(context).filter(x -> x % 3 == 0).limit(200_000).toList())
                    .isEqualTo(expected);
            assertThat(Iter.range(0, 3_000_000).on(context).filter(x -> x % 3 == 0).limit(200_000).toArray())
                    .isEqualTo(expected.stream().mapToInt(x -> x).toArray());
        }
    }

    /**
     * {@code limit} ends an endless source in every context, as {@code Stream.iterate(...).limit}
     * does in a parallel stream: no chunk of the parallel gather holds n alone, so the chunks
     * that together hold the first n end the reading. It once read until memory ran out.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void limitEndsAnEndlessSourceInEveryContext() throws Exception {
        Iterable<Long> endless = counting(-1);
        for (ExecutionContext context : contexts()) {
            for (long n : new long[] {0, 1, 5_000, 300_000}) {
                assertThat(Iter.of(endless).map(x -> x * 2).limit(n).on(context).count()).as("%s, %d", context, n).isEqualTo(n);
                assertThat(Iter.of(endless).filter(x -> x % 3 == 0).limit(n).on(context).async().count()
                        .toCompletableFuture().get(30, TimeUnit.SECONDS)).as("%s, %d, async", context, n).isEqualTo(n);
            }
            assertThat(Iter.of(endless).map(x -> x * 2).limit(20_000).on(context).toList())
                    .isEqualTo(java.util.stream.LongStream.range(0, 20_000).map(x -> x * 2).boxed().toList());
        }
    }

    /**
     * A source whose own iterator throws fails the evaluation with that exception in every
     * context, whichever thread reads the batch: read by a helper, the exception escaped its
     * task, and the evaluation never completed (found by an adversarial audit: 7 hangs in 10).
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aSourceIteratorThatThrowsFailsTheEvaluationInEveryContext() throws Exception {
        Iterable<Long> failing = counting(200_000);
        SerializableFunction<Long, Long> busy = x -> { // slow enough that helpers read batches too
            long start = System.nanoTime();
            while (System.nanoTime() - start < 200) {
                Thread.onSpinWait();
            }
            return x;
        };
        for (int round = 0; round < 5; round++) {
            // a fresh runtime each round: while the code is still cold the helpers read batches
            // too, which is where the exception used to get lost (7 hangs in 10 such rounds)
            try (MoiraiRuntime fresh = MoiraiRuntime.builder().parallelism(2).build()) {
                List<ExecutionContext> contexts = List.of(ExecutionContext.sequential(),
                        ExecutionContext.parallel(fresh), ExecutionContext.hybrid(fresh));
                for (ExecutionContext context : contexts) {
                    assertThatThrownBy(() -> Iter.of(failing).map(busy).on(context).count())
                            .as("%s", context).isInstanceOf(IllegalStateException.class).hasMessage("source broke");
                    CompletableFuture<Long> async = Iter.of(failing).map(busy).on(context).async().count().toCompletableFuture();
                    assertThatThrownBy(() -> async.get(30, TimeUnit.SECONDS)).as("%s, async", context)
                            .isInstanceOf(ExecutionException.class).hasRootCauseMessage("source broke");
                }
            }
        }
    }

    /**
     * Starts {@code caller}, whose terminal opens {@code running} once it runs, interrupts it then,
     * and checks that the terminal threw {@code CancellationException} and the caller ended.
     */
    private static void interruptOnceRunning(Thread caller, CountDownLatch running, CompletableFuture<Throwable> outcome,
            ExecutionContext context) throws Exception {
        caller.start();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        assertThat(outcome.get(30, TimeUnit.SECONDS)).as("%s", context).isInstanceOf(CancellationException.class);
        caller.join();
    }

    /**
     * Interrupting the caller of a parallel terminal stops the evaluation while the caller runs
     * chunks itself, not only while it waits: it ran on to the end before.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void interruptingTheCallerCancelsARunningParallelTerminal() throws Exception {
        for (ExecutionContext context : List.of(ExecutionContext.parallel(runtime), ExecutionContext.hybrid(runtime))) {
            LongAdder visited = new LongAdder();
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    Iter.range(0, 200_000_000).on(context).peek(x -> {
                        visited.increment();
                        running.countDown();
                    }).count();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            interruptOnceRunning(caller, running, outcome, context);
            assertThat(visited.sum()).as("%s: elements visited", context).isLessThan(200_000_000L);
        }
    }

    /**
     * The sequential context stops when its caller is interrupted, as the parallel ones do: within
     * one block of elements, before the next blocking call, or on an expanding stage's output;
     * it throws CancellationException with the interrupt status kept. It ran on to the end before.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void interruptingTheCallerCancelsARunningSequentialTerminal() throws Exception {
        Map<String, java.util.function.Function<LongAdder, Iter<?>>> pipelines = new java.util.LinkedHashMap<>();
        pipelines.put("map", visited -> Iter.range(0, 2_000_000_000).boxed().map(x -> visit(visited, x)));
        pipelines.put("flatMap of one endless element", visited -> Iter.of(List.of(1)).flatMap(x ->
                (Iterable<Integer>) () -> java.util.stream.Stream.iterate(0, i -> i + 1).iterator()).map(x -> visit(visited, x)));
        pipelines.put("mapBlocking", visited -> Iter.range(0, 2_000_000_000).boxed().mapBlocking(x -> visit(visited, x)));
        ExecutionContext context = ExecutionContext.sequential();
        {
            for (Map.Entry<String, java.util.function.Function<LongAdder, Iter<?>>> pipeline : pipelines.entrySet()) {
                LongAdder visited = new LongAdder();
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                AtomicBoolean flagKept = new AtomicBoolean();
                Thread caller = new Thread(() -> {
                    try {
                        pipeline.getValue().apply(visited).on(context).count();
                        outcome.complete(null);
                    } catch (Throwable t) {
                        flagKept.set(Thread.currentThread().isInterrupted());
                        outcome.complete(t);
                    }
                });
                caller.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> visited.sum() > 1_000);
                caller.interrupt();
                assertThat(outcome.get(30, TimeUnit.SECONDS)).as(pipeline.getKey()).isInstanceOf(CancellationException.class);
                caller.join();
                assertThat(flagKept).as("%s: interrupt status kept", pipeline.getKey()).isTrue();
                assertThat(visited.sum()).as("%s: elements visited", pipeline.getKey()).isLessThan(2_000_000_000L);
            }
        }
    }

    /** A blocking terminal called on an interrupted thread is cancelled in every context, the flag kept. */
    @Test
    void aBlockingTerminalCalledOnAnInterruptedThreadIsCancelledInEveryContext() {
        for (ExecutionContext context : contexts()) {
            for (int size : new int[] {0, 3, 100_000}) {
                Thread.currentThread().interrupt();
                try {
                    assertThatThrownBy(() -> Iter.range(0, size).boxed().on(context).map(x -> x * 2).toList())
                            .as("%s, %d elements", context, size).isInstanceOf(CancellationException.class);
                    assertThat(Thread.currentThread().isInterrupted()).as("%s: flag kept", context).isTrue();
                } finally {
                    Thread.interrupted();
                }
            }
        }
    }

    private static <T> T visit(LongAdder visited, T x) {
        visited.increment();
        return x;
    }

    /**
     * A blocking terminal rethrows the stage's own exception in every context, as the sequential
     * one does: in parallel a checked exception came out wrapped in CompletionException, a
     * CompletionException unwrapped, and a CancellationException replaced.
     */
    @Test
    void aBlockingTerminalRethrowsTheStagesOwnExceptionInEveryContext() {
        Throwable[] thrown = {new java.io.IOException("checked"),
                new java.util.concurrent.CompletionException(new IllegalStateException("inner")),
                new CancellationException("mine")};
        for (Throwable failure : thrown) {
            for (ExecutionContext context : contexts()) {
                assertThatThrownBy(() -> Iter.range(0, 1_000_000).map(i -> {
                    if (i == 999_999) {
                        throw IterFailureTest.<RuntimeException>sneaky(failure);
                    }
                    return i;
                }).on(context).sum()).as("%s", context).isSameAs(failure);
            }
        }
    }

    @Test
    void aCheckedExceptionFromACollectorsFinisherIsRethrownAsItWasThrownInEveryContext() {
        java.io.IOException failure = new java.io.IOException("finisher");
        for (ExecutionContext context : contexts()) {
            assertThatThrownBy(() -> Iter.range(0, 5_000_000).boxed().on(context)
                    .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.counting(), n -> {
                        throw IterFailureTest.<RuntimeException>sneaky(failure);
                    }))).as("%s", context).isSameAs(failure);
        }
    }

    /**
     * What a collector's finisher throws after the chunks are combined fails the evaluation as a
     * stage's exception does: the blocking terminal rethrows it as it was thrown, and the async
     * stage fails with it, a CancellationException wrapped so that the stage does not look
     * cancelled. The parallel contexts completed their future with it and no more: a
     * CompletionException reached the blocking caller as its cause, a CancellationException as
     * the future's own, and the async stage looked cancelled.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void anExceptionFromACollectorsFinisherFailsTheEvaluationAsAStagesDoes(Contexts mode) throws Exception {
        Throwable[] thrown = {new java.util.concurrent.CompletionException(new IllegalStateException("inner")),
                new CancellationException("mine")};
        for (Throwable failure : thrown) {
            for (int size : new int[] {10, 200_000}) { // the inline prefix alone, and chunks
                java.util.stream.Collector<Integer, ?, Long> failing = java.util.stream.Collectors.collectingAndThen(
                        java.util.stream.Collectors.counting(), n -> {
                            throw IterFailureTest.<RuntimeException>sneaky(failure);
                        });
                Iter<Integer> iter = Iter.range(0, size).boxed().on(mode.context(runtime));
                if (!mode.async()) {
                    assertThatThrownBy(() -> iter.collect(failing)).as("%s %d", failure, size).isSameAs(failure);
                    continue;
                }
                CompletableFuture<Long> stage = iter.async().collect(failing).toCompletableFuture();
                assertThatThrownBy(() -> stage.get(30, TimeUnit.SECONDS)).as("%s %d", failure, size)
                        .isInstanceOf(ExecutionException.class).cause().isSameAs(failure instanceof CancellationException
                                ? failure : failure.getCause()); // get() reports a CompletionException's cause, as for supplyAsync
                assertThat(stage.isCancelled()).as("%s %d", failure, size).isFalse();
                assertThatThrownBy(stage::join).as("%s %d", failure, size).satisfies(t -> assertThat(
                        t == failure || t.getCause() == failure).as("join threw %s", t).isTrue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** An async evaluation whose root task is evicted by DISCARD_OLDEST fails; it never completed before. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void anAsyncEvaluationWhoseRootTaskIsEvictedFails() throws Exception {
        try (MoiraiRuntime small = MoiraiRuntime.builder().parallelism(1).queueCapacity(1)
                .rejectionPolicy(io.moirai.runtime.RejectionPolicy.DISCARD_OLDEST).build()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(1);
            small.spawn(() -> {
                busy.countDown();
                release.await();
                return null;
            });
            busy.await();
            CompletableFuture<Long> evaluation = Iter.range(0, 1_000_000).map(x -> x + 1)
                    .on(ExecutionContext.parallel(small)).async().count().toCompletableFuture();
            assertThat(small.spawn(() -> "evicts the oldest").isDone()).isFalse();
            release.countDown();
            assertThatThrownBy(() -> evaluation.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RejectedExecutionException.class);
        }
    }

    /**
     * shutdownNow hands back an async evaluation's unstarted root task, as ThreadPoolExecutor hands
     * back a supplyAsync task: cancelling what it returns ends the stage, running it evaluates.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void anAsyncEvaluationHandedBackByShutdownNowEndsWhenItsTaskIsCancelledOrRun() throws Exception {
        for (boolean run : new boolean[] { false, true }) {
            MoiraiRuntime small = MoiraiRuntime.builder().parallelism(1).build();
            CountDownLatch busy = new CountDownLatch(1);
            small.spawn(() -> {
                busy.countDown();
                new CountDownLatch(1).await();   // until shutdownNow interrupts it
                return null;
            });
            busy.await();
            CompletableFuture<Long> evaluation = Iter.range(0, 1_000_000).filter(x -> x % 2 == 0)
                    .on(ExecutionContext.parallel(small)).async().count().toCompletableFuture();
            for (Runnable handedBack : small.shutdownNow()) {
                if (run) {
                    handedBack.run();
                } else {
                    ((java.util.concurrent.Future<?>) handedBack).cancel(false);
                }
            }
            if (run) {
                assertThat(evaluation.get(30, TimeUnit.SECONDS)).isEqualTo(500_000L);
            } else {
                assertThatThrownBy(() -> evaluation.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            }
            assertThat(small.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * A blocking-lane task holding the only permit evaluates a pipeline with a blocking stage: the
     * evaluation's blocking tasks, queued for that permit, run on it while the task waits for them.
     * Repeated because the task may find no blocking task yet and park before the first is queued
     * (it hung about one time in a hundred when nothing woke it then).
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aBlockingTaskHoldingTheLastPermitCompletesAPipelineWithABlockingStage() throws Exception {
        List<Integer> expected = IntStream.rangeClosed(1, 100).boxed().toList();
        for (int round = 0; round < 100; round++) {
            MoiraiRuntime onePermit = MoiraiRuntime.builder().parallelism(2).blockingConcurrency(1).build();
            try {
                for (ExecutionContext context : List.of(ExecutionContext.parallel(onePermit), ExecutionContext.hybrid(onePermit))) {
                    List<Integer> result = onePermit.spawnBlocking(() -> Iter.range(0, 100).boxed().mapBlocking(x -> x + 1)
                            .on(context).toList()).get(10, TimeUnit.SECONDS);
                    assertThat(result).as("round %d, %s", round, context).isEqualTo(expected);
                }
            } finally {
                onePermit.shutdownNow(); // a hung round must fail the test, not hang it in close()
            }
        }
    }

    /**
     * A failed evaluation's terminal returns only once every blocking function it started has
     * returned: stopping cancels their tasks, whose handles complete at once while the functions
     * run on until they see the interrupt.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void aFailedEvaluationEndsOnlyOnceItsBlockingFunctionsHaveReturned(Contexts mode) {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger inFlightAtTheEnd = new AtomicInteger(-1);
        AtomicLong thrownAt = new AtomicLong();
        Iter<Integer> pipeline = Iter.range(0, 400).boxed().on(mode.context(runtime)).mapBlocking(x -> {
            inFlight.incrementAndGet();
            try {
                if (x == 40) {
                    thrownAt.set(System.nanoTime());
                    throw boom;
                }
                // Before the failure a function takes 5 ms (so sequential runs stay short); one
                // running when it comes waits up to 300 ms more for the interrupt that stops it.
                long started = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                    long thrown = thrownAt.get();
                    long now = System.nanoTime();
                    if (thrown == 0 ? now - started > 5_000_000L : now - thrown > 300_000_000L) {
                        break;
                    }
                    LockSupport.parkNanos(1_000_000L);
                }
                long cleanUp = System.nanoTime() + 20_000_000L;   // some work after the interrupt
                while (System.nanoTime() < cleanUp) {
                    Thread.onSpinWait();
                }
                return x;
            } finally {
                inFlight.decrementAndGet();
            }
        });
        assertThatThrownBy(() -> {
            try {
                mode.run(pipeline, Iter::toList, p -> p.async().toList());
            } finally {
                inFlightAtTheEnd.set(inFlight.get());
            }
        }).isSameAs(boom);
        assertThat(inFlightAtTheEnd.get()).as("blocking functions still running when the terminal threw").isZero();
        awaitQuiet();
    }

    /**
     * A blocking terminal whose caller is interrupted throws only once every blocking function it
     * started has returned, as after a failure. The parallel contexts threw at once, while the
     * functions they had interrupted were still running.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void anInterruptedTerminalEndsOnlyOnceItsBlockingFunctionsHaveReturned() throws Exception {
        for (ExecutionContext context : contexts()) {
            AtomicInteger inFlight = new AtomicInteger();
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            AtomicInteger inFlightAtTheEnd = new AtomicInteger(-1);
            Thread caller = new Thread(() -> {
                try {
                    Iter.range(0, 400).boxed().on(context).mapBlocking(x -> {
                        inFlight.incrementAndGet();
                        try {
                            running.countDown();
                            new CountDownLatch(1).await(); // until interrupted
                        } catch (InterruptedException e) {
                            long cleanUp = System.nanoTime() + 20_000_000L; // some work after the interrupt
                            while (System.nanoTime() < cleanUp) {
                                Thread.onSpinWait();
                            }
                            Thread.currentThread().interrupt();
                        } finally {
                            inFlight.decrementAndGet();
                        }
                        return x;
                    }).toList();
                    outcome.complete(null);
                } catch (Throwable t) {
                    inFlightAtTheEnd.set(inFlight.get());
                    outcome.complete(t);
                }
            });
            interruptOnceRunning(caller, running, outcome, context);
            assertThat(inFlightAtTheEnd.get()).as("%s: blocking functions still running when the terminal threw", context).isZero();
        }
        awaitQuiet();
    }

    /**
     * A {@code CancellationException} thrown by a function fails the async stage, as one thrown
     * by {@code supplyAsync}'s supplier does: wrapped in a {@code CompletionException}, so the
     * stage does not look cancelled; {@code get()} reports it as the cause, exactly.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void aCancellationExceptionThrownByAFunctionFailsTheAsyncStageWithoutCancellingIt(Contexts mode) throws Exception {
        if (!mode.async()) {
            return; // the blocking terminal throws it as it was thrown, as a Stream does
        }
        CancellationException mine = new CancellationException("the function's own");
        CompletableFuture<List<Integer>> stage = Iter.range(0, 10_000).boxed().on(mode.context(runtime)).map(x -> {
            if (x == 5_000) {
                throw mine;
            }
            return x;
        }).async().toList().toCompletableFuture();
        assertThatThrownBy(() -> stage.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(mine);
        assertThat(stage.isCancelled()).isFalse();
        assertThat(stage.isCompletedExceptionally()).isTrue();
        CompletableFuture<List<Integer>> blocking = Iter.range(0, 100).boxed().on(mode.context(runtime)).mapBlocking(x -> {
            if (x == 50) {
                throw mine;
            }
            return x;
        }).async().toList().toCompletableFuture();
        assertThatThrownBy(() -> blocking.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(mine);
        assertThat(blocking.isCancelled()).isFalse();
        awaitQuiet();
    }

    /** chunked(s).limit(k) ends an endless source in every context: it gathers k × s, as limit alone does. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void chunkedThenLimitEndsAnEndlessSourceInEveryContext() {
        Iterable<Integer> endless = () -> java.util.stream.Stream.iterate(0, i -> i + 1).iterator();
        for (ExecutionContext context : contexts()) {
            assertThat(Iter.of(endless).chunked(3).limit(2).on(context).toList()).as("%s", context)
                    .isEqualTo(List.of(List.of(0, 1, 2), List.of(3, 4, 5)));
        }
    }

    /** A long range longer than 2^60 counts right in parallel: the prefix's growing step once wrapped. */
    @Test
    void aHugeLongRangeCountsRightInEveryContext() {
        for (ExecutionContext context : contexts()) {
            assertThat(Iter.range(0L, Long.MAX_VALUE).on(context).count()).as("%s", context).isEqualTo(Long.MAX_VALUE);
            assertThat(Iter.range(0L, Long.MAX_VALUE).on(context).max()).as("%s", context).hasValue(Long.MAX_VALUE - 1);
        }
    }

    @Test
    void aPipelineIsReusableAcrossContexts() {
        Iter<String> pipeline = Iter.range(0, 50_000).boxed().map(x -> "v" + x).filter(s -> s.endsWith("7")).chunked(10).map(List::getFirst);
        List<String> expected = pipeline.toList();
        for (ExecutionContext context : contexts()) {
            assertThat(pipeline.on(context).toList()).isEqualTo(expected);
            assertThat(pipeline.on(context).toList()).isEqualTo(expected);
        }
    }

    @Test
    void evaluationSplitsAndCombinesInOrder() {
        Iter<Integer> pipeline = Iter.range(0, 1_000).boxed().map(x -> x * 2);
        Evaluation<List<Object>> evaluation = new Evaluation<>(pipeline.pipeline.source, pipeline.pipeline.ops, Terminals.toList());
        assertThat(evaluation.isSplittable()).isTrue();
        assertThat(evaluation.stages()).containsExactly("boxed", "map");
        List<Evaluation.Partial> partials = evaluation.split(7).reversed().stream().map(evaluation::evaluate).toList().reversed();
        assertThat(evaluation.combine(partials)).isEqualTo(IntStream.range(0, 1_000).map(x -> x * 2).boxed().toList());

        // parts of a huge source cover it exactly: size * i / parts once overflowed
        LongIter huge = Iter.range(0L, Long.MAX_VALUE);
        Evaluation<Long> counting = new Evaluation<>(huge.pipeline.source, huge.pipeline.ops, Terminals.count(Kind.LONG));
        List<Evaluation.Part> parts = counting.split(4);
        assertThat(parts).hasSize(4);
        assertThat(parts.getFirst().from()).isZero();
        assertThat(parts.getLast().to()).isEqualTo(Long.MAX_VALUE);
        for (int i = 1; i < parts.size(); i++) {
            assertThat(parts.get(i).from()).isEqualTo(parts.get(i - 1).to()).isGreaterThan(parts.get(i - 1).from());
        }
    }

    /**
     * An endless unindexed source 0, 1, 2, ... whose iterator throws {@code IllegalStateException}
     * ("source broke") when it reaches {@code failAt}; never for a negative {@code failAt}.
     */
    private static Iterable<Long> counting(long failAt) {
        return () -> new java.util.Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Long next() {
                if (next == failAt) {
                    throw new IllegalStateException("source broke");
                }
                return next++;
            }
        };
    }

    private static List<ExecutionContext> contexts() {
        return List.of(ExecutionContext.sequential(), ExecutionContext.parallel(runtime), ExecutionContext.hybrid(runtime));
    }

    static List<Contexts> async() {
        return List.of(Contexts.SEQUENTIAL_ASYNC, Contexts.PARALLEL_ASYNC, Contexts.HYBRID_ASYNC);
    }

    /** Waits until the runtime runs nothing: every task of the evaluation has ended. */
    private static void awaitQuiet() {
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.snapshot().active() == 0
                && runtime.snapshot().blockingInUse() == 0 && runtime.snapshot().queued() == 0);
    }
}
