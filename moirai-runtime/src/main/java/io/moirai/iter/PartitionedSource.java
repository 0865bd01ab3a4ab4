package io.moirai.iter;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A source whose elements live in numbered partitions, read partition by partition where they
 * are: a distributed map's partitions, the shards of a store. {@link Iter#of(PartitionedSource)}
 * makes a pipeline of it. Every context evaluates it: the local ones read the partitions in
 * order on their own threads; a context that runs parts elsewhere gets one part per partition
 * from {@link Evaluation#split(int)} and can send each to where its partition lives, since the
 * source travels with the part ({@link Evaluation#task(Evaluation.Part)}) and reads its partition
 * on the receiving side.
 *
 * <p>The encounter order is partition 0's elements in the order {@link #forEachInPartition}
 * gives them, then partition 1's, and so on.
 *
 * @param <T> the element type
 */
public interface PartitionedSource<T> extends Serializable {

    /**
     * The number of partitions, fixed for the life of the source.
     *
     * @return at least 0
     */
    int partitionCount();

    /**
     * Gives every element of {@code partition} to {@code action}, in order, on the calling thread.
     *
     * @param partition a partition, {@code 0 <= partition < partitionCount()}
     * @param action    receives the elements
     */
    void forEachInPartition(int partition, Consumer<? super T> action);
}
