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
 */
final class RandomPipelines {

    /** One stage and its stream twin. */
    record Step(String name, UnaryOperator<Iter<Integer>> iter, UnaryOperator<Stream<Integer>> stream) {
        @Override
        public String toString() {
            return name;
        }
    }

    private RandomPipelines() {
    }

    static List<Step> steps(Random random, LongAdder peeks) {
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

    static Iter<Integer> apply(Iter<Integer> iter, List<Step> steps) {
        for (Step step : steps) {
            iter = step.iter().apply(iter);
        }
        return iter;
    }

    static Stream<Integer> apply(Stream<Integer> stream, List<Step> steps) {
        for (Step step : steps) {
            stream = step.stream().apply(stream);
        }
        return stream;
    }
}
