package io.moirai.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.iter.ExecutionContext;
import io.moirai.iter.Iter;
import io.moirai.iter.RandomPipelines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime's random pipelines on three members: every terminal, sync and async, equals
 * {@code java.util.stream} on the same input ({@code -Dmoirai.cluster.seeds=N} for more seeds).
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = TimeUnit.MINUTES)
class RandomPipelinesOnClusterTest {

    private static final int SEEDS = Integer.getInteger("moirai.cluster.seeds", 12);
    private static final int[] SIZES = {0, 1, 100, 5_000, 40_000};

    private static TestMembers members;
    private static ExecutionContext cluster;

    @BeforeAll
    static void start() {
        members = new TestMembers("random", 15730, 3);
        cluster = members.caller().context();
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    static Stream<Integer> seeds() {
        return IntStream.range(0, SEEDS).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomPipelineMatchesStream(int seed) {
        Random random = new Random(seed);
        List<RandomPipelines.Step> steps = RandomPipelines.steps(random, new LongAdder());
        int size = SIZES[random.nextInt(SIZES.length)];
        List<Integer> input = random.ints(size, -1_000, 1_000).boxed().toList();
        int sourceKind = random.nextInt(3);
        for (boolean async : new boolean[] {false, true}) {
            Supplier<Iter<Integer>> iter = () -> RandomPipelines.apply(source(sourceKind, input), steps).on(cluster);
            Supplier<Stream<Integer>> stream = () -> RandomPipelines.apply(input.stream(), steps);
            String where = "seed " + seed + (async ? " async" : " sync") + " source " + sourceKind + " size " + size
                    + " " + steps;
            Runner run = new Runner(async);

            List<Integer> expected = stream.get().toList();
            check(where, expected, run.of(iter.get(), Iter::toList, p -> p.async().toList()));
            check(where, (long) expected.size(), run.of(iter.get(), Iter::count, p -> p.async().count()));
            check(where, stream.get().reduce(0, Integer::sum),
                    run.of(iter.get(), p -> p.reduce(0, Integer::sum), p -> p.async().reduce(0, Integer::sum)));
            check(where, stream.get().reduce((a, b) -> b),
                    run.of(iter.get(), p -> p.reduce((a, b) -> b), p -> p.async().reduce((a, b) -> b)));
            check(where, expected, run.of(iter.get(), p -> p.collect(Collectors.toList()),
                    p -> p.async().collect(Collectors.toList())));
            check(where, stream.get().min(Comparator.naturalOrder()),
                    run.of(iter.get(), p -> p.min(Integer::compare), p -> p.async().min(Integer::compare)));
            check(where, stream.get().max(Comparator.naturalOrder()),
                    run.of(iter.get(), p -> p.max(Integer::compare), p -> p.async().max(Integer::compare)));
            check(where, stream.get().findFirst(), run.of(iter.get(), Iter::findFirst, p -> p.async().findFirst()));
            check(where, stream.get().anyMatch(x -> x % 97 == 13), run.of(iter.get(),
                    p -> p.anyMatch(x -> x % 97 == 13), p -> p.async().anyMatch(x -> x % 97 == 13)));
            check(where, stream.get().allMatch(x -> x % 97 != 13), run.of(iter.get(),
                    p -> p.allMatch(x -> x % 97 != 13), p -> p.async().allMatch(x -> x % 97 != 13)));
            check(where, stream.get().noneMatch(x -> x > 500), run.of(iter.get(),
                    p -> p.noneMatch(x -> x > 500), p -> p.async().noneMatch(x -> x > 500)));
            check(where, stream.get().mapToInt(x -> x).sum(), run.of(iter.get(),
                    p -> p.mapToInt(x -> x).sum(), p -> p.mapToInt(x -> x).async().sum()));
            check(where, stream.get().mapToLong(x -> x).toArray(), run.of(iter.get(),
                    p -> p.mapToLong(x -> x).toArray(), p -> p.mapToLong(x -> x).async().toArray()));
            // forEach runs here, in encounter order: a plain list records it
            List<Integer> seen = new ArrayList<>();
            run.of(iter.get(), p -> {
                p.forEach(seen::add);
                return null;
            }, p -> p.async().forEach(seen::add));
            check(where, expected, seen);
            double[] doubles = stream.get().mapToDouble(x -> x / 7.0).toArray();
            double bound = doubles.length * Math.ulp(1.0) * Arrays.stream(doubles).map(Math::abs).sum();
            double sum = run.of(iter.get(), p -> p.mapToDouble(x -> x / 7.0).sum(),
                    p -> p.mapToDouble(x -> x / 7.0).async().sum());
            assertThat(sum).as(where).isCloseTo(Arrays.stream(doubles).sum(),
                    org.assertj.core.data.Offset.offset(bound + 1e-12));
        }
    }

    /** Runs a terminal sync, or its async twin and waits. */
    private record Runner(boolean async) {
        <R> R of(Iter<Integer> iter, Function<Iter<Integer>, R> sync, Function<Iter<Integer>, CompletionStage<R>> later) {
            if (!async) {
                return sync.apply(iter);
            }
            try {
                return later.apply(iter).toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void check(String where, Object expected, Object actual) {
        assertThat(Objects.deepEquals(expected, actual))
                .as("%s: expected %s but was %s", where, brief(expected), brief(actual)).isTrue();
    }

    private static String brief(Object value) {
        String text = value instanceof long[] a ? Arrays.toString(a) : String.valueOf(value);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static Iter<Integer> source(int kind, List<Integer> input) {
        return switch (kind) {
            case 0 -> Iter.of(new ArrayList<>(input));
            case 1 -> Iter.of(input.toArray(new Integer[0]));
            default -> Iter.of(new LinkedList<>(input));   // unindexed: runs on this member's runtime
        };
    }
}
