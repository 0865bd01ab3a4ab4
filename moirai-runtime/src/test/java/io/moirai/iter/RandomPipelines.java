package io.moirai.iter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.stream.Gatherers;
import java.util.stream.Stream;

/**
 * A seeded generator of random pipelines over integers: each step has a {@code java.util.stream}
 * twin, so a pipeline's result in every context can be checked against the stream's.
 *
 * <p>Test support, published in the runtime's test jar ({@code io.moirai:moirai-runtime:tests})
 * for the tests of contexts in other modules. Every stage's function is serializable (the
 * {@code peek} steps capture the {@link LongAdder} given, which serializes: a context that runs
 * parts in another JVM counts their peeks there, not in the caller's adder). Pipelines with
 * {@code limit} or {@code chunked} steps are not splittable.
 *
 * <pre>{@code
 * Random random = new Random(seed);
 * List<RandomPipelines.Step> steps = RandomPipelines.steps(random, new LongAdder());
 * List<Integer> expected = RandomPipelines.apply(input.stream(), steps).toList();
 * List<Integer> actual = RandomPipelines.apply(Iter.of(input), steps).on(context).toList();
 * }</pre>
 */
public final class RandomPipelines {

    /**
     * One stage and its stream twin.
     *
     * @param name   the stage, as {@code toString} gives it: {@code map(3x+7)}, {@code limit(12)}
     * @param iter   adds the stage to a pipeline
     * @param stream adds the equivalent stage to a stream
     */
    public record Step(String name, UnaryOperator<Iter<Integer>> iter, UnaryOperator<Stream<Integer>> stream) {
        @Override
        public String toString() {
            return name;
        }
    }

    private RandomPipelines() {
    }

    /**
     * Zero to five random steps: map, filter, flatMap, limit, peek, chunked (then a map of each
     * chunk to a number), mapBlocking.
     *
     * @param random the seeded source of the choices
     * @param peeks  counts the elements the {@code peek} steps see
     * @return the steps, in order
     */
    public static List<Step> steps(Random random, LongAdder peeks) {
        int length = random.nextInt(6);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            steps.add(step(random, peeks));
        }
        return steps;
    }

    private static Step step(Random random, LongAdder peeks) {
        switch (random.nextInt(8)) {
            case 0 -> {
                int a = random.nextInt(7) - 3;
                int b = random.nextInt(100);
                return new Step("map(" + a + "x+" + b + ")", it -> it.map(x -> a * x + b), s -> s.map(x -> a * x + b));
            }
            case 1 -> {
                int m = 2 + random.nextInt(5);
                return new Step("filter(%" + m + "!=0)", it -> it.filter(x -> x % m != 0), s -> s.filter(x -> x % m != 0));
            }
            case 2 -> {
                int k = random.nextInt(4);
                return new Step("flatMap(" + k + ")", it -> it.flatMap(x -> copies(x, k)), s -> s.flatMap(x -> copies(x, k).stream()));
            }
            case 3 -> {
                long n = random.nextInt(3) == 0 ? random.nextInt(10) : random.nextInt(20_000);
                return new Step("limit(" + n + ")", it -> it.limit(n), s -> s.limit(n));
            }
            case 4 -> {
                return new Step("peek", it -> it.peek(x -> peeks.increment()), s -> s.peek(x -> peeks.increment()));
            }
            case 5 -> {
                int size = 1 + random.nextInt(5);
                return new Step("chunked(" + size + ")",
                        it -> it.chunked(size).map(RandomPipelines::sum),
                        s -> s.gather(Gatherers.windowFixed(size)).map(RandomPipelines::sum));
            }
            case 6 -> {
                int c = random.nextInt(1000);
                return new Step("mapBlocking(^" + c + ")", it -> it.mapBlocking(x -> x ^ c), s -> s.map(x -> x ^ c));
            }
            default -> {
                return new Step("map(x*x)", it -> it.map(x -> x * x), s -> s.map(x -> x * x));
            }
        }
    }

    private static List<Integer> copies(int x, int k) {
        List<Integer> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(x + i);
        }
        return out;
    }

    private static int sum(List<Integer> list) {
        int s = 0;
        for (int x : list) {
            s = 31 * s + x;
        }
        return s;
    }

    /**
     * A pipeline with the steps added in order.
     *
     * @param iter  the pipeline to extend
     * @param steps the steps
     * @return the extended pipeline
     */
    public static Iter<Integer> apply(Iter<Integer> iter, List<Step> steps) {
        for (Step step : steps) {
            iter = step.iter().apply(iter);
        }
        return iter;
    }

    /**
     * A stream with the steps' twins added in order.
     *
     * @param stream the stream to extend
     * @param steps  the steps
     * @return the extended stream
     */
    public static Stream<Integer> apply(Stream<Integer> stream, List<Step> steps) {
        for (Step step : steps) {
            stream = step.stream().apply(stream);
        }
        return stream;
    }
}
