package io.moirai.iter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moirai.runtime.MoiraiRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The context SPI as a context in another module uses it: parts packed, sent through Java
 * serialization as to another JVM, run there, their partials sent back and combined; sources
 * supplied by partition; progress reported in chunks.
 */
class ContextSpiTest {

    private static MoiraiRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = MoiraiRuntime.builder().parallelism(2).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** A context that runs every part "remotely": through serialized bytes both ways. */
    static final class ShippingContext implements ExecutionContext {
        final int maxParts;
        final List<Evaluation.Part> shipped = new CopyOnWriteArrayList<>();

        ShippingContext(int maxParts) {
            this.maxParts = maxParts;
        }

        @Override
        public <R> R evaluate(Evaluation<R> evaluation) {
            if (!evaluation.isSplittable()) {
                return evaluation.evaluateSequentially();
            }
            List<Evaluation.Part> parts = evaluation.split(maxParts);
            List<Evaluation.Partial> partials = new ArrayList<>();
            for (Evaluation.Part part : parts) {
                Evaluation.PartTask task = roundTrip(evaluation.task(part));
                shipped.add(task.part());
                partials.add(roundTrip(task.run()));
                evaluation.progress().onProgress(partials.size(), parts.size());
            }
            return evaluation.combine(partials);
        }

        @Override
        public <R> CompletionStage<R> evaluateAsync(Evaluation<R> evaluation) {
            return CompletableFuture.supplyAsync(() -> evaluate(evaluation));
        }
    }

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

    /** Partitions of words: partition p holds "p-0" .. "p-(p+1)". */
    record Shards(int count) implements PartitionedSource<String> {
        @Override
        public int partitionCount() {
            return count;
        }

        @Override
        public void forEachInPartition(int partition, Consumer<? super String> action) {
            for (int i = 0; i <= partition; i++) {
                action.accept(partition + "-" + i);
            }
        }

        List<String> all() {
            List<String> all = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                forEachInPartition(p, all::add);
            }
            return all;
        }
    }

    @Test
    void partsSentThroughSerializationGiveTheSequentialResults() {
        ShippingContext shipping = new ShippingContext(5);
        IntIter ints = Iter.range(0, 10_001).filter(i -> (i & 1) == 1).map(i -> i * i);
        assertThat(ints.on(shipping).sum()).isEqualTo(ints.sum());
        assertThat(ints.on(shipping).count()).isEqualTo(ints.count());
        assertThat(ints.on(shipping).toArray()).isEqualTo(ints.toArray());
        assertThat(ints.on(shipping).max()).isEqualTo(ints.max());
        assertThat(ints.on(shipping).average()).isEqualTo(ints.average());

        double[] values = IntStream.range(0, 1000).mapToDouble(i -> i * 0.5).toArray();
        assertThat(Iter.of(values).on(shipping).toArray()).isEqualTo(values);

        List<Integer> boxed = IntStream.range(0, 777).boxed().toList();
        Function<Object, String> text = String::valueOf;                 // a plain function, passed as text::apply
        Iter<String> strings = Iter.of(boxed).map(text::apply);
        assertThat(Iter.of(new ArrayList<>(boxed)).map(String::valueOf).on(shipping).toList())
                .isEqualTo(strings.toList());
        assertThat(shipping.shipped).isNotEmpty();
    }

    @Test
    void aPartCarriesOnlyItsSliceOfTheSource() {
        int[] big = IntStream.range(0, 100_000).toArray();
        Evaluation<Integer> evaluation = new Evaluation<>(new IntSources.Array(big), new Op[0], IntTerminals.sum());
        List<Evaluation.Part> parts = evaluation.split(10);
        assertThat(parts).hasSize(10);
        Evaluation.PartTask task = evaluation.task(parts.get(3));
        assertThat(serializedSize(task)).isLessThan(big.length * 4 / 5);
        Evaluation.PartTask back = roundTrip(task);
        assertThat(back.part()).isEqualTo(parts.get(3));
        List<Evaluation.Partial> partials = new ArrayList<>();
        for (Evaluation.Part part : parts) {
            partials.add(roundTrip(roundTrip(evaluation.task(part)).run()));
        }
        assertThat(evaluation.combine(partials)).isEqualTo(IntStream.range(0, 100_000).sum());
    }

    @Test
    void aStageThatCannotBeSerializedFailsWhenThePartIsWritten() {
        Object lock = new Object();
        Evaluation.PartTask[] task = new Evaluation.PartTask[1];
        ExecutionContext capture = new ExecutionContext() {
            @Override
            public <R> R evaluate(Evaluation<R> evaluation) {
                task[0] = evaluation.task(evaluation.split(2).getFirst());
                return evaluation.evaluateSequentially();
            }

            @Override
            public <R> CompletionStage<R> evaluateAsync(Evaluation<R> evaluation) {
                throw new UnsupportedOperationException();
            }
        };
        Iter.range(0, 10).map(i -> lock.hashCode() + i).on(capture).count();
        assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(task[0]))
                .isInstanceOf(NotSerializableException.class);
    }

    @Test
    void aPartitionedSourceIsReadInPartitionOrderByEveryContext() throws Exception {
        Shards shards = new Shards(6);
        SerializablePredicate<String> notFirst = s -> !s.endsWith("-0");
        List<String> expected = shards.all().stream().filter(notFirst).toList();
        Iter<String> words = Iter.of(shards).filter(notFirst);

        assertThat(words.toList()).isEqualTo(expected);
        assertThat(words.on(ExecutionContext.parallel(runtime)).toList()).isEqualTo(expected);
        assertThat(words.on(ExecutionContext.hybrid(runtime)).async().toList().toCompletableFuture()
                .get(30, TimeUnit.SECONDS)).isEqualTo(expected);
        assertThat(words.on(ExecutionContext.parallel(runtime)).count()).isEqualTo(expected.size());

        ShippingContext shipping = new ShippingContext(Integer.MAX_VALUE);
        assertThat(words.on(shipping).toList()).isEqualTo(expected);
        assertThat(shipping.shipped).extracting(Evaluation.Part::from).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aPartitionedEvaluationSplitsByPartitionAndNamesItsSource() {
        Shards shards = new Shards(7);
        Evaluation<Long> evaluation = new Evaluation<>(new Source.OfPartitions(shards, 0, 7), new Op[0],
                Terminals.count(Kind.OBJ));
        assertThat(evaluation.partitionedSource()).containsSame(shards);
        assertThat(evaluation.isSplittable()).isTrue();
        assertThat(evaluation.sourceSize()).isEqualTo(-1);
        assertThat(evaluation.split(Integer.MAX_VALUE)).hasSize(7);
        assertThat(evaluation.split(3)).extracting(p -> p.to() - p.from()).containsExactly(2L, 2L, 3L);
        Evaluation.Partial fifth = evaluation.task(evaluation.split(Integer.MAX_VALUE).get(4)).run();
        assertThat(evaluation.combine(List.of(fifth))).isEqualTo(5L);
        assertThat(new Evaluation<>(new IntSources.Range(0, 5), new Op[0], IntTerminals.sum()).partitionedSource())
                .isEmpty();
    }

    @Test
    void progressEndsWithEveryChunkDoneInEveryContext() throws Exception {
        for (Contexts mode : Contexts.all()) {
            List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
            IntIter pipeline = Iter.range(0, 2_000_000).map(i -> i % 13).filter(i -> i > 3)
                    .withProgress((done, total) -> calls.add(new long[] {done, total}))
                    .on(mode.context(runtime));
            long count = mode.run(pipeline, IntIter::count, p -> p.async().count());
            assertThat(count).isEqualTo(IntStream.range(0, 2_000_000).map(i -> i % 13).filter(i -> i > 3).count());
            assertThat(calls).as(mode.name()).isNotEmpty();
            long total = calls.getFirst()[1];
            assertThat(calls).as(mode.name()).allSatisfy(call -> assertThat(call[1]).isEqualTo(total));
            assertThat(calls.stream().mapToLong(call -> call[0]).max().orElseThrow()).as(mode.name()).isEqualTo(total);
            assertThat(calls.stream().mapToLong(call -> call[0]).distinct().count()).isEqualTo(calls.size());
        }
    }

    @Test
    void aFailingListenerFailsTheEvaluation() {
        IllegalStateException boom = new IllegalStateException("listener");
        ProgressListener failing = (done, total) -> {
            throw boom;
        };
        assertThatThrownBy(() -> Iter.range(0, 2_000_000).map(i -> i + 1).withProgress(failing)
                .on(ExecutionContext.parallel(runtime)).sum()).isSameAs(boom);
        assertThatThrownBy(() -> Iter.range(0, 10).withProgress(failing).sum()).isSameAs(boom);
        // an evaluation that ends inline, in its prefix, fails too (it returned its result before)
        assertThatThrownBy(() -> Iter.range(0, 10).withProgress(failing).on(ExecutionContext.parallel(runtime)).sum())
                .isSameAs(boom);
        assertThatThrownBy(() -> Iter.of(List.of(1, 2, 3)).withProgress(failing).on(ExecutionContext.parallel(runtime))
                .count()).isSameAs(boom);
    }

    /** With a blocking stage there is no inline chunk 0: progress reaches its total (it stopped one short). */
    @Test
    void progressOfAPipelineWithABlockingStageReachesItsTotal() {
        for (int n : new int[] {3, 100, 1000}) {
            List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
            long count = Iter.range(0, n).boxed().mapBlocking(x -> x + 1)
                    .withProgress((done, total) -> calls.add(new long[] {done, total}))
                    .on(ExecutionContext.parallel(runtime)).count();
            assertThat(count).isEqualTo(n);
            long total = calls.getFirst()[1];
            assertThat(calls.stream().mapToLong(call -> call[0]).max().orElseThrow()).as("n=%d", n).isEqualTo(total);
        }
    }

    /** limit after a blocking stage ends the evaluation in parallel and hybrid, endless source included. */
    @Test
    void limitAfterABlockingStageEndsTheEvaluation() throws Exception {
        for (ExecutionContext context : List.of(ExecutionContext.parallel(runtime), ExecutionContext.hybrid(runtime))) {
            List<Integer> first = Iter.range(0, 20_000).boxed().mapBlocking(x -> x).limit(100).on(context).toList();
            // How many blocking calls a finite source makes first depends on timing: with a fast
            // function every chunk's calls can be under way before the first chunk has ended. An
            // endless source is the proof that the limit ends the reading.
            assertThat(first).isEqualTo(IntStream.range(0, 100).boxed().toList());
            Iterable<Long> endless = () -> java.util.stream.LongStream.iterate(0, x -> x + 1).iterator();
            assertThat(Iter.of(endless).mapBlocking(x -> x).limit(100).on(context).async().toList()
                    .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS)).as("%s", context).hasSize(100);
        }
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThatThrownBy(() -> Iter.range(0, 3).withProgress(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Iter.of((Object[]) new String[0]).withProgress(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Iter.of((PartitionedSource<String>) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Iter.of(new Shards(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitionCount");
        Evaluation<Long> unsplittable = new Evaluation<>(new Source.OfIterable(List.of(1, 2)), new Op[0],
                Terminals.count(Kind.OBJ));
        assertThatThrownBy(() -> unsplittable.task(unsplittable.split(4).getFirst()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not splittable");
        assertThatThrownBy(() -> unsplittable.task(null)).isInstanceOf(NullPointerException.class);
    }

    private static int serializedSize(Object value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            return bytes.size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
