package io.moirai.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Pipelines of ordinary lambdas serialize; the check a distributed context runs before sending
 * work names the stage and the class that does not; a part's task sent through serialization
 * gives the partial it gives at home, for every terminal; collect and forEach run on the caller.
 */
class SerializableStagesTest {

    /** Something a stage may capture that cannot travel. */
    static final class Repository {
        int lookup(int key) {
            return key * 2;
        }
    }

    /** A context that checks, then runs each part through serialized bytes both ways. */
    static final class CheckingShippingContext implements ExecutionContext {
        final List<Evaluation<?>> seen = new ArrayList<>();
        /** Whether to compare each shipped partial with the part evaluated at home. */
        final boolean compareParts;

        CheckingShippingContext(boolean compareParts) {
            this.compareParts = compareParts;
        }

        @Override
        public <R> R evaluate(Evaluation<R> evaluation) {
            seen.add(evaluation);
            evaluation.requireSerializable();
            List<Evaluation.Partial> partials = new ArrayList<>();
            for (Evaluation.Part part : evaluation.split(4)) {
                if (!evaluation.isSplittable()) {
                    partials.add(evaluation.evaluate(part));
                    continue;
                }
                Evaluation.Partial shipped = roundTrip(roundTrip(evaluation.task(part)).run());
                if (compareParts) {
                    assertThat(evaluation.combine(List.of(roundTrip(shipped))))
                            .as("part %s of %s", part, evaluation.stages())
                            .isEqualTo(evaluation.combine(List.of(evaluation.task(part).run())));
                }
                partials.add(shipped);
            }
            return evaluation.combine(partials);
        }

        @Override
        public <R> CompletionStage<R> evaluateAsync(Evaluation<R> evaluation) {
            return CompletableFuture.completedFuture(evaluate(evaluation));
        }
    }

    /** A context that only runs the check, then evaluates at home. */
    private static final ExecutionContext CHECK_ONLY = new ExecutionContext() {
        @Override
        public <R> R evaluate(Evaluation<R> evaluation) {
            evaluation.requireSerializable();
            return evaluation.evaluateSequentially();
        }

        @Override
        public <R> CompletionStage<R> evaluateAsync(Evaluation<R> evaluation) {
            return CompletableFuture.completedFuture(evaluate(evaluation));
        }
    };

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStageCapturingANonSerializableObjectIsNamedWithTheCapturedClass() {
        Repository repository = new Repository();
        Iter<Integer> pipeline = Iter.of(List.of(1, 2, 3)).filter(x -> x > 1).map(x -> repository.lookup(x))
                .on(CHECK_ONLY);
        assertThatThrownBy(pipeline::toList)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map #2")
                .hasMessageContaining(Repository.class.getName());
        assertThatThrownBy(() -> Iter.range(0, 10).map(i -> i + 1).asLongIter()
                        .filter(i -> repository.lookup((int) i) > 3).on(CHECK_ONLY).sum())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filter #3")
                .hasMessageContaining(Repository.class.getName());
        assertThatThrownBy(() -> Iter.of(new String[] {"a"}).mapBlocking(s -> s + repository).on(CHECK_ONLY).count())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mapBlocking #1");
    }

    @Test
    void theFailureComesBeforeAnyElementIsProcessed() {
        Repository repository = new Repository();
        LongAdder calls = new LongAdder();
        Iter<Integer> pipeline = Iter.of(List.of(1, 2, 3)).peek(x -> calls.increment())
                .map(x -> repository.lookup(x)).on(new CheckingShippingContext(false));
        assertThatThrownBy(pipeline::toList).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map #2");
        assertThat(calls.sum()).isZero();
    }

    @Test
    void aTerminalsFunctionIsChecked() {
        Repository repository = new Repository();
        Iter<Integer> numbers = Iter.of(List.of(3, 1, 2)).on(CHECK_ONLY);
        assertThatThrownBy(() -> numbers.min((a, b) -> repository.lookup(a) - repository.lookup(b)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("terminal min")
                .hasMessageContaining(Repository.class.getName());
        assertThatThrownBy(() -> numbers.allMatch(x -> repository.lookup(x) > 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("terminal allMatch");
        assertThatThrownBy(() -> numbers.reduce(0, (a, b) -> a + repository.lookup(b)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("terminal reduce");
        assertThatThrownBy(() -> Iter.of(new int[] {1}).on(CHECK_ONLY).reduce((a, b) -> a + repository.lookup(b)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("terminal reduce");
    }

    @Test
    void anUnserializableSourceElementOrPartitionedSourceIsNamed() {
        Iter<Object> objects = Iter.<Object>of(List.of("a", "b", new Repository())).on(CHECK_ONLY);
        assertThatThrownBy(objects::count).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source element #2")
                .hasMessageContaining(Repository.class.getName());

        Repository repository = new Repository();
        PartitionedSource<Integer> capturing = new PartitionedSource<>() {
            @Override
            public int partitionCount() {
                return 2;
            }

            @Override
            public void forEachInPartition(int partition, Consumer<? super Integer> action) {
                action.accept(repository.lookup(partition));
            }
        };
        assertThatThrownBy(() -> Iter.of(capturing).on(CHECK_ONLY).toList())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source")
                .hasMessageContaining(getClass().getName());
        // an unsplittable pipeline is evaluated where it is: its source is not checked
        assertThat(Iter.of(capturing).limit(1).on(CHECK_ONLY).toList()).containsExactly(0);
    }

    @Test
    void aPipelineOfPlainLambdasPasses() {
        Function<Integer, Integer> plain = x -> x + 1;
        SerializableFunction<Integer, Integer> travelling = x -> x + 1;
        Function<Integer, Integer> heldAsPlain = travelling;
        Iter<Integer> pipeline = Iter.of(IntStream.range(0, 50).boxed().toList())
                .map(x -> x * 3).filter(x -> x % 2 == 0).flatMap(x -> List.of(x, -x))
                .mapBlocking(heldAsPlain::apply).peek(x -> { }).on(CHECK_ONLY);
        assertThat(pipeline.toList()).isEqualTo(IntStream.range(0, 50).map(x -> x * 3).filter(x -> x % 2 == 0)
                .boxed().flatMap(x -> java.util.stream.Stream.of(x, -x)).map(x -> x + 1).toList());
        assertThat(pipeline.mapToInt(x -> x).sum()).isEqualTo(50);
        assertThat(pipeline.max(SerializableComparator.naturalOrder())).contains(145);
        assertThat(pipeline.min(SerializableComparator.comparing(x -> -x))).contains(145);
        // f::apply compiles for a plain Function; it travels only when the function behind it does
        assertThatThrownBy(() -> pipeline.map(plain::apply).toList())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map #6");
    }

    @Test
    void everyTerminalGivesTheSamePartialAfterSerialization() {
        CheckingShippingContext shipping = new CheckingShippingContext(true);
        List<Integer> input = new Random(7).ints(1_000, -500, 500).boxed().toList();
        Iter<Integer> objects = Iter.of(input).map(x -> x * 7).filter(x -> x % 3 != 0);
        Iter<Integer> shipped = objects.on(shipping);
        assertThat(shipped.toList()).isEqualTo(objects.toList());
        assertThat(shipped.reduce(0, Integer::sum)).isEqualTo(objects.reduce(0, Integer::sum));
        assertThat(shipped.reduce((a, b) -> b)).isEqualTo(objects.reduce((a, b) -> b));
        assertThat(shipped.collect(Collectors.toList())).isEqualTo(objects.toList());
        assertThat(shipped.count()).isEqualTo(objects.count());
        assertThat(shipped.min(Integer::compare)).isEqualTo(objects.min(Integer::compare));
        assertThat(shipped.max(Integer::compare)).isEqualTo(objects.max(Integer::compare));
        assertThat(shipped.anyMatch(x -> x == 14)).isEqualTo(objects.anyMatch(x -> x == 14));
        assertThat(shipped.allMatch(x -> x >= -3_500)).isTrue();
        assertThat(shipped.noneMatch(x -> x % 3 == 0)).isTrue();
        assertThat(shipped.findFirst()).isEqualTo(objects.findFirst());

        IntIter ints = Iter.range(0, 10_000).map(i -> i * 31).filter(i -> (i & 1) == 0);
        IntIter shippedInts = ints.on(shipping);
        assertThat(shippedInts.sum()).isEqualTo(ints.sum());
        assertThat(shippedInts.min()).isEqualTo(ints.min());
        assertThat(shippedInts.max()).isEqualTo(ints.max());
        assertThat(shippedInts.average()).isEqualTo(ints.average());
        assertThat(shippedInts.count()).isEqualTo(ints.count());
        assertThat(shippedInts.toArray()).isEqualTo(ints.toArray());
        assertThat(shippedInts.reduce(0, (a, b) -> a ^ b)).isEqualTo(ints.reduce(0, (a, b) -> a ^ b));
        assertThat(shippedInts.reduce((a, b) -> b)).isEqualTo(ints.reduce((a, b) -> b));
        assertThat(shippedInts.mapToObj(i -> "#" + i).toList()).isEqualTo(ints.mapToObj(i -> "#" + i).toList());
        assertThat(shippedInts.boxed().toList()).isEqualTo(ints.boxed().toList());

        LongIter longs = Iter.range(0L, 5_000L).map(i -> i * i).peek(i -> { }).on(shipping);
        assertThat(longs.reduce(Long::sum)).hasValue(Iter.range(0L, 5_000L).map(i -> i * i).sum());
        FloatIter floats = Iter.of(input).mapToFloat(x -> x / 4f).map(f -> f * 2).filter(f -> f > 0).on(shipping);
        assertThat(floats.toArray()).isEqualTo(floats.on(ExecutionContext.sequential()).toArray());
        assertThat(floats.reduce(0f, Float::max)).isEqualTo(floats.on(ExecutionContext.sequential()).reduce(0f, Float::max));
        DoubleIter doubles = Iter.of(input).mapToDouble(x -> x * 0.5).map(d -> d + 1).on(shipping);
        assertThat(doubles.max()).isEqualTo(doubles.on(ExecutionContext.sequential()).max());
        assertThat(Iter.of(input).mapToLong(x -> x).on(shipping).toArray())
                .isEqualTo(input.stream().mapToLong(x -> x).toArray());

        assertThat(shipping.seen).allSatisfy(evaluation -> assertThat(evaluation.isSplittable()).isTrue());
    }

    @Test
    void collectAndForEachRunOnTheCallerInEncounterOrder() {
        CheckingShippingContext shipping = new CheckingShippingContext(false);
        List<Integer> input = IntStream.range(0, 2_000).boxed().toList();
        Thread caller = Thread.currentThread();
        List<Integer> seen = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        // the action captures a list and a thread, neither of which would travel
        Consumer<Integer> action = x -> {
            seen.add(x);
            threads.add(Thread.currentThread());
        };
        Iter<Integer> pipeline = Iter.of(input).map(x -> x * 2).filter(x -> x % 3 != 0).on(shipping);
        pipeline.forEach(action);
        List<Integer> expected = input.stream().map(x -> x * 2).filter(x -> x % 3 != 0).toList();
        assertThat(seen).isEqualTo(expected);
        assertThat(threads).containsOnly(caller);

        // a collector (no serializable form) with an order-sensitive result
        assertThat(pipeline.collect(Collectors.mapping(String::valueOf, Collectors.joining(","))))
                .isEqualTo(expected.stream().map(String::valueOf).collect(Collectors.joining(",")));

        List<Integer> ints = Collections.synchronizedList(new ArrayList<>());
        Iter.range(0, 100).map(i -> 99 - i).on(shipping).forEach(ints::add);
        assertThat(ints).isEqualTo(IntStream.range(0, 100).map(i -> 99 - i).boxed().toList());

        // the parts carry the stages alone: a task of a forEach holds no action
        Evaluation<?> evaluation = shipping.seen.getFirst();
        assertThat(roundTrip(evaluation.task(evaluation.split(2).getFirst()))).isNotNull();
    }

    @Test
    void randomPipelinesGiveTheirStreamResultsWhenShipped() {
        CheckingShippingContext shipping = new CheckingShippingContext(true);
        for (int seed = 0; seed < 30; seed++) {
            Random random = new Random(seed);
            List<RandomPipelines.Step> steps = RandomPipelines.steps(random, new LongAdder());
            List<Integer> input = random.ints(random.nextInt(2_000), -1_000, 1_000).boxed().toList();
            Iter<Integer> pipeline = RandomPipelines.apply(Iter.of(input), steps);
            assertThat(pipeline.on(shipping).toList()).as("seed %d %s", seed, steps)
                    .isEqualTo(RandomPipelines.apply(input.stream(), steps).toList());
        }
    }
}
