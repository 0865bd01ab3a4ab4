/**
 * The unified iterator: one pipeline description, evaluated sequentially, in parallel on the
 * runtime's CPU lane, or hybrid (CPU stages on the work-stealing lane, blocking stages on the
 * virtual-thread lane, pipelined), with the same results in each.
 *
 * <pre>{@code
 * List<Row> rows = Iter.of(ids).map(this::parse).filter(Row::valid)
 *         .mapBlocking(repo::enrich)
 *         .on(ExecutionContext.hybrid(runtime)).toList();
 * long n = Iter.range(0, 1_000_000).filter(i -> i % 3 == 0)
 *         .on(ExecutionContext.parallel(runtime)).count();
 * }</pre>
 *
 * <h2>Public types</h2>
 * {@link io.moirai.iter.Iter} and its primitive forms {@link io.moirai.iter.IntIter},
 * {@link io.moirai.iter.LongIter}, {@link io.moirai.iter.FloatIter},
 * {@link io.moirai.iter.DoubleIter} (stages and blocking terminals);
 * {@link io.moirai.iter.AsyncIter} and its primitive forms (terminals returning
 * {@link java.util.concurrent.CompletionStage}); {@link io.moirai.iter.ExecutionContext} with its
 * three factories; {@link io.moirai.iter.Evaluation}, the plan a context evaluates;
 * {@link io.moirai.iter.PartitionedSource} and {@link io.moirai.iter.ProgressListener}.
 *
 * <h2>Adding a context outside this package</h2>
 * {@code ExecutionContext} is an ordinary public interface of two methods, {@code evaluate} and
 * {@code evaluateAsync}, each given an {@link io.moirai.iter.Evaluation}: a pipeline with its
 * terminal. A context in another module (the distributed one of {@code moirai-hazelcast}, for
 * example) reads the plan, checks with {@code requireSerializable()} that its stages can travel
 * (they are {@link io.moirai.iter.SerializableFunction} and its relatives, so lambdas serialize
 * with no cast), cuts it with {@code split(n)} into contiguous parts, packs each with
 * {@code task(part)} into a serializable {@link io.moirai.iter.Evaluation.PartTask} that carries
 * only the part's slice of the input, runs it where it likes (another JVM included), and merges
 * the serializable partial results in encounter order with {@code combine(partials)}, which also
 * runs {@code collect} and {@code forEach} on the caller over the elements the parts send back. It tells
 * the pipeline's {@link io.moirai.iter.ProgressListener} of each part that ends. A
 * {@link io.moirai.iter.PartitionedSource} lets the elements stay where they live: the pipeline
 * splits by partition and each part reads its partitions on the side that runs it.
 *
 * <h2>Engine</h2>
 * Package-private: a pipeline is a {@code Source} and an array of {@code Op}s; an evaluation
 * fuses the ops into a chain of {@code Sink}s that a source pushes into (no per-element
 * allocation, primitives unboxed); a {@code Terminal} is a mergeable reduction whose per-chunk
 * accumulators are combined in encounter order. {@code ParallelRun} explains the parallel
 * evaluation: the inline prefix that keeps tiny inputs off the pool, the chunk sizing by measured
 * cost, the claiming, the hand-off to the blocking lane, completion and short-circuiting.
 */
package io.moirai.iter;
