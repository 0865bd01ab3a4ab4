package io.moirai.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.runtime.MoiraiRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random pipelines (seeded, so a failure names its seed and reproduces) over random inputs give
 * the same results as {@code java.util.stream} in every context, blocking and async: integers and
 * objects exactly, floating-point sums within n·ε·Σ|x|.
 */
class IterEquivalenceTest {

    private static final int SEEDS = Integer.getInteger("moirai.iter.seeds", 40);
    private static final int[] SIZES = {0, 1, 7, 100, 1_000, 30_000, 200_000};

    private static MoiraiRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = MoiraiRuntime.builder().parallelism(2).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Costly elements go parallel after the first few: the first 64 ran on the caller before its first look at the clock. */
    @Test
    void aShortInputOfCostlyElementsIsNotLeftToTheCaller() {
        Thread caller = Thread.currentThread();
        LongAdder onTheCaller = new LongAdder();
        List<Integer> result = Iter.range(0, 64).boxed().map(x -> {
            if (Thread.currentThread() == caller) {
                onTheCaller.increment();
            }
            LockSupport.parkNanos(2_000_000L);
            return x;
        }).on(ExecutionContext.parallel(runtime)).toList();
        assertThat(result).isEqualTo(IntStream.range(0, 64).boxed().toList());
        assertThat(onTheCaller.sum()).isLessThan(64);
    }

    static Stream<Arguments> cases() {
        return IntStream.range(0, SEEDS).boxed()
                .flatMap(seed -> Contexts.all().stream().map(mode -> Arguments.of(seed, mode)));
    }

    @ParameterizedTest(name = "seed {0} {1}")
    @MethodSource("cases")
    void randomPipelineMatchesStream(int seed, Contexts mode) {
        Random random = new Random(seed);
        LongAdder peeks = new LongAdder();
        List<RandomPipelines.Step> steps = RandomPipelines.steps(random, peeks);
        boolean blocking = steps.stream().anyMatch(step -> step.name().startsWith("mapBlocking"));
        // hybrid makes a blocking-lane task per element: keep those inputs moderate
        int size = SIZES[random.nextInt(blocking ? SIZES.length - 1 : SIZES.length)];
        List<Integer> input = random.ints(size, -1_000, 1_000).boxed().toList();
        int sourceKind = random.nextInt(5);
        ExecutionContext context = mode.context(runtime);
        Supplier<Iter<Integer>> iter = () -> RandomPipelines.apply(source(sourceKind, input), steps).on(context);
        Supplier<Stream<Integer>> stream = () -> RandomPipelines.apply(input.stream(), steps);
        String where = "seed " + seed + " " + mode + " source " + sourceKind + " size " + size + " " + steps;

        List<Integer> expected = stream.get().toList();
        check(where, expected, mode.run(iter.get(), Iter::toList, p -> p.async().toList()));
        check(where, (long) expected.size(), mode.run(iter.get(), Iter::count, p -> p.async().count()));
        check(where, stream.get().reduce(0, Integer::sum),
                mode.run(iter.get(), p -> p.reduce(0, Integer::sum), p -> p.async().reduce(0, Integer::sum)));
        // "last" is associative and order-sensitive: a chunk combined out of order shows
        check(where, stream.get().reduce((a, b) -> b),
                mode.run(iter.get(), p -> p.reduce((a, b) -> b), p -> p.async().reduce((a, b) -> b)));
        check(where, expected,
                mode.run(iter.get(), p -> p.collect(Collectors.toList()), p -> p.async().collect(Collectors.toList())));
        check(where, stream.get().min(Comparator.naturalOrder()),
                mode.run(iter.get(), p -> p.min(Integer::compare), p -> p.async().min(Integer::compare)));
        check(where, stream.get().max(Comparator.naturalOrder()),
                mode.run(iter.get(), p -> p.max(Integer::compare), p -> p.async().max(Integer::compare)));
        check(where, stream.get().findFirst(), mode.run(iter.get(), Iter::findFirst, p -> p.async().findFirst()));
        check(where, stream.get().anyMatch(x -> x % 97 == 13),
                mode.run(iter.get(), p -> p.anyMatch(x -> x % 97 == 13), p -> p.async().anyMatch(x -> x % 97 == 13)));
        check(where, stream.get().allMatch(x -> x % 97 != 13),
                mode.run(iter.get(), p -> p.allMatch(x -> x % 97 != 13), p -> p.async().allMatch(x -> x % 97 != 13)));
        check(where, stream.get().noneMatch(x -> x > 500),
                mode.run(iter.get(), p -> p.noneMatch(x -> x > 500), p -> p.async().noneMatch(x -> x > 500)));
        check(where, stream.get().mapToInt(x -> x).sum(),
                mode.run(iter.get(), p -> p.mapToInt(x -> x).sum(), p -> p.mapToInt(x -> x).async().sum()));
        check(where, stream.get().mapToLong(x -> x).toArray(),
                mode.run(iter.get(), p -> p.mapToLong(x -> x).toArray(), p -> p.mapToLong(x -> x).async().toArray()));
        LongAdder seen = new LongAdder();
        mode.run(iter.get(), p -> {
            p.forEach(x -> seen.add(x));
            return null;
        }, p -> p.async().forEach(x -> seen.add(x)));
        assertThat(seen.sum()).as(where).isEqualTo(stream.get().mapToLong(x -> x).sum());
        double[] doubles = stream.get().mapToDouble(x -> x / 7.0).toArray();
        double bound = doubles.length * Math.ulp(1.0) * Arrays.stream(doubles).map(Math::abs).sum();
        double sum = mode.run(iter.get(), p -> p.mapToDouble(x -> x / 7.0).sum(), p -> p.mapToDouble(x -> x / 7.0).async().sum());
        assertThat(sum).as(where).isCloseTo(Arrays.stream(doubles).sum(), org.assertj.core.data.Offset.offset(bound + 1e-12));
    }

    private static void check(String where, Object expected, Object actual) {
        assertThat(java.util.Objects.deepEquals(expected, actual))
                .as("%s: expected %s but was %s", where, brief(expected), brief(actual)).isTrue();
    }

    private static String brief(Object value) {
        String text = value instanceof long[] a ? Arrays.toString(a) : String.valueOf(value);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static Iter<Integer> source(int kind, List<Integer> input) {
        return switch (kind) {
            case 0 -> Iter.of(new ArrayList<>(input));
            case 1 -> Iter.of(new LinkedList<>(input));
            case 2 -> Iter.of(input.toArray(new Integer[0]));
            case 3 -> Iter.of(input.spliterator());
            default -> Iter.of((Iterable<Integer>) input::iterator);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.moirai.iter.Contexts#all")
    void spliteratorSourceIsSingleUse(Contexts mode) {
        Iter<Integer> once = Iter.of(List.of(1, 2, 3).spliterator()).on(mode.context(runtime));
        assertThat(once.toList()).containsExactly(1, 2, 3);
        assertThatThrownBy(once::toList).isInstanceOf(IllegalStateException.class);
    }
}
