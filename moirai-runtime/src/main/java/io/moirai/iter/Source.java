package io.moirai.iter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Where a pipeline's elements come from. Indexed sources (arrays, ranges, random-access lists,
 * buffers) know their size and push any index range {@code [from, to)}, so the parallel contexts
 * cut them into chunks by arithmetic. Unindexed sources (other iterables, spliterators) are read
 * in order through {@link #open()}; the parallel contexts buffer them in batches. A channel
 * ({@link OfChannel}) is unindexed too, but the parallel contexts read it through a reader that
 * never receives an element the evaluation cannot use.
 *
 * <p>A source is part of an immutable, reusable pipeline description: it holds the caller's array
 * or collection (not a copy) and opens a fresh traversal per evaluation, except a
 * {@link Spliterator} given by the caller, which can be traversed once.
 *
 * <p>Sources are serializable so that a part of an evaluation can run in another JVM
 * ({@link Evaluation#task}); {@link #slice} gives the part's elements alone, so that a part does
 * not carry the whole input. The unindexed sources over a caller's iterator are never sent.
 */
abstract class Source implements Serializable {

    final Kind kind;

    Source(Kind kind) {
        this.kind = kind;
    }

    /** The exact number of elements, or -1 for an unindexed source. */
    abstract long size();

    final boolean indexed() {
        return size() >= 0;
    }

    /**
     * Pushes the elements at {@code [from, to)} in order, polling {@code stop} between blocks of
     * {@link Control#POLL_BLOCK} elements and, when {@code shortCircuit}, {@link Sink#done()}
     * before each element.
     */
    void push(long from, long to, Sink sink, boolean shortCircuit, StopSignal stop) {
        throw new UnsupportedOperationException("unindexed source");
    }

    /** A source of the elements {@code [from, to)} alone (of an indexed source), to send elsewhere. */
    Source slice(long from, long to) {
        throw new UnsupportedOperationException("unindexed source");
    }

    /** A fresh traversal of an unindexed source. */
    Spliterator<?> open() {
        throw new UnsupportedOperationException("indexed source");
    }

    /** Pushes an unindexed source's elements in order, with the same polling as {@link #push}. */
    static void pushAll(Spliterator<?> spliterator, Sink sink, boolean shortCircuit, StopSignal stop) {
        Forward forward = new Forward(sink);
        int n = 0;
        while (!(shortCircuit && sink.done()) && spliterator.tryAdvance(forward)) {
            if (++n == Control.POLL_BLOCK) {
                n = 0;
                if (stop.shouldStop()) {
                    return;
                }
            }
        }
    }

    /** Adapts a sink to the {@link java.util.function.Consumer} a spliterator feeds. */
    private record Forward(Sink sink) implements java.util.function.Consumer<Object> {
        @Override
        public void accept(Object value) {
            sink.accept(value);
        }
    }

    /** An object array slice. */
    static final class ObjArray extends Source {
        final Object[] array;

        ObjArray(Object[] array) {
            super(Kind.OBJ);
            this.array = array;
        }

        @Override
        Source slice(long from, long to) {
            return new ObjArray(Arrays.copyOfRange(array, (int) from, (int) to));
        }

        @Override
        long size() {
            return array.length;
        }

        @Override
        void push(long from, long to, Sink sink, boolean shortCircuit, StopSignal stop) {
            Object[] a = array;
            int i = (int) from;
            int end = (int) to;
            while (i < end) {
                int blockEnd = Math.min(end, i + Control.POLL_BLOCK);
                for (; i < blockEnd; i++) {
                    if (shortCircuit && sink.done()) {
                        return;
                    }
                    sink.accept(a[i]);
                }
                if (stop.shouldStop()) {
                    return;
                }
            }
        }
    }

    /** A random-access list, read by index on every evaluation (so it sees the list's current contents). */
    static final class IndexedList extends Source {
        final List<?> list;

        IndexedList(List<?> list) {
            super(Kind.OBJ);
            this.list = list;
        }

        @Override
        Source slice(long from, long to) {
            return new ObjArray(list.subList((int) from, (int) to).toArray());
        }

        @Override
        long size() {
            return list.size();
        }

        @Override
        void push(long from, long to, Sink sink, boolean shortCircuit, StopSignal stop) {
            int i = (int) from;
            int end = (int) to;
            while (i < end) {
                int blockEnd = Math.min(end, i + Control.POLL_BLOCK);
                for (; i < blockEnd; i++) {
                    if (shortCircuit && sink.done()) {
                        return;
                    }
                    sink.accept(list.get(i));
                }
                if (stop.shouldStop()) {
                    return;
                }
            }
        }
    }

    /**
     * Elements gathered by a parallel barrier ({@code limit}, {@code chunked}) or a blocking
     * stage, boxed, pushed back as their kind.
     */
    static final class Buffer extends Source {
        final Object[] values;
        final int length;

        Buffer(Kind kind, Object[] values, int length) {
            super(kind);
            this.values = values;
            this.length = length;
        }

        @Override
        Source slice(long from, long to) {
            return new Buffer(kind, Arrays.copyOfRange(values, (int) from, (int) to), (int) (to - from));
        }

        @Override
        long size() {
            return length;
        }

        @Override
        void push(long from, long to, Sink sink, boolean shortCircuit, StopSignal stop) {
            for (int i = (int) from; i < (int) to; i++) {
                if (shortCircuit && sink.done()) {
                    return;
                }
                if ((i & (Control.POLL_BLOCK - 1)) == 0 && stop.shouldStop()) {
                    return;
                }
                Object v = values[i];
                switch (kind) {
                    case OBJ -> sink.accept(v);
                    case INT -> sink.acceptInt((Integer) v);
                    case LONG -> sink.acceptLong((Long) v);
                    case FLOAT -> sink.acceptFloat((Float) v);
                    case DOUBLE -> sink.acceptDouble((Double) v);
                }
            }
        }
    }

    /** Any iterable: a fresh spliterator per evaluation. */
    static final class OfIterable extends Source {
        final Iterable<?> iterable;

        OfIterable(Iterable<?> iterable) {
            super(Kind.OBJ);
            this.iterable = iterable;
        }

        @Override
        long size() {
            return -1;
        }

        @Override
        Spliterator<?> open() {
            return iterable.spliterator();
        }
    }

    /** A caller's spliterator: one traversal only. */
    static final class OfSpliterator extends Source {
        final Spliterator<?> spliterator;
        final AtomicBoolean opened = new AtomicBoolean();

        OfSpliterator(Spliterator<?> spliterator) {
            super(Kind.OBJ);
            this.spliterator = spliterator;
        }

        @Override
        long size() {
            return -1;
        }

        @Override
        Spliterator<?> open() {
            if (!opened.compareAndSet(false, true)) {
                throw new IllegalStateException("a pipeline over a Spliterator can be evaluated only once");
            }
            return spliterator;
        }
    }

    /**
     * A channel: one evaluation only, like a caller's spliterator. Reading it takes elements from
     * every other receiver, so the parallel contexts read it through {@link #reader} with a cap
     * and a stop signal rather than through {@link #open()}, which reads until the channel is
     * closed and drained (the sequential context stops asking once it has what it needs).
     */
    static final class OfChannel extends Source {
        final io.moirai.channel.ReceiveChannel<?> channel;
        final AtomicBoolean opened = new AtomicBoolean();

        OfChannel(io.moirai.channel.ReceiveChannel<?> channel) {
            super(Kind.OBJ);
            this.channel = channel;
        }

        @Override
        long size() {
            return -1;
        }

        @Override
        Spliterator<?> open() {
            return reader(Long.MAX_VALUE, Control.NONE);
        }

        /** A reader that receives at most {@code cap} elements and withdraws its wait once {@code stop} is set. */
        ChannelSpliterator<?> reader(long cap, StopSignal stop) {
            if (!opened.compareAndSet(false, true)) {
                throw new IllegalStateException("a pipeline over a channel can be evaluated only once");
            }
            return new ChannelSpliterator<>(channel, cap, stop);
        }
    }

    /** Reads up to {@code batch.length} elements of a spliterator into {@code batch}; returns the count. */
    static int read(Spliterator<?> spliterator, Object[] batch) {
        Collector collector = new Collector(batch);
        while (collector.n < batch.length && spliterator.tryAdvance(collector)) {
            // the collector stores the element
        }
        return collector.n;
    }

    private static final class Collector implements java.util.function.Consumer<Object> {
        final Object[] batch;
        int n;

        Collector(Object[] batch) {
            this.batch = batch;
        }

        @Override
        public void accept(Object value) {
            batch[n++] = value;
        }
    }

    /**
     * The partitions {@code [from, to)} of a {@link PartitionedSource}. Unindexed for the local
     * contexts, which read it in order one partition at a time; {@link Evaluation} splits it by
     * partition.
     */
    static final class OfPartitions extends Source {
        final PartitionedSource<?> partitioned;
        final int from;
        final int to;

        OfPartitions(PartitionedSource<?> partitioned, int from, int to) {
            super(Kind.OBJ);
            this.partitioned = partitioned;
            this.from = from;
            this.to = to;
        }

        @Override
        long size() {
            return -1;
        }

        @Override
        Spliterator<?> open() {
            return new Spliterators.AbstractSpliterator<Object>(Long.MAX_VALUE, Spliterator.ORDERED) {
                private final List<Object> buffer = new ArrayList<>();
                private int next = from;
                private int read;

                @Override
                public boolean tryAdvance(Consumer<? super Object> action) {
                    while (read == buffer.size()) {
                        if (next == to) {
                            return false;
                        }
                        buffer.clear();
                        read = 0;
                        partitioned.forEachInPartition(next++, buffer::add);
                    }
                    action.accept(buffer.get(read++));
                    return true;
                }

                @Override
                public void forEachRemaining(Consumer<? super Object> action) {
                    while (read < buffer.size()) {
                        action.accept(buffer.get(read++));
                    }
                    while (next < to) {
                        partitioned.forEachInPartition(next++, action);
                    }
                }
            };
        }
    }
}
