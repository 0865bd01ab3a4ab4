package io.moirai.iter;

import io.moirai.simd.Simd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collector;

/**
 * The terminal operations. Null elements flow as in {@code java.util.stream}: {@code toList},
 * {@code collect}, {@code forEach} and {@code count} take them; {@code reduce(op)},
 * {@code min}/{@code max} and {@code findFirst} throw {@link NullPointerException} when the
 * selected element is null, because an {@link Optional} cannot hold it.
 */
final class Terminals {

    private Terminals() {
    }

    // ---- objects ----

    static Terminal<java.util.List<Object>> toList() {
        return new Terminal<>(Kind.OBJ, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new ListAcc();
            }

            @Override
            java.util.List<Object> finish(Acc acc) {
                return Collections.unmodifiableList(((ListAcc) acc).list);
            }
        };
    }

    static final class ListAcc extends Terminal.Acc {
        ArrayList<Object> list = new ArrayList<>();

        @Override
        void accept(Object v) {
            list.add(v);
        }

        @Override
        void combine(Terminal.Acc later) {
            list.addAll(((ListAcc) later).list);
        }
    }

    static <A, R> Terminal<R> collect(Collector<Object, A, R> collector) {
        return new Terminal<>(Kind.OBJ, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new CollectAcc<>(collector);
            }

            @Override
            @SuppressWarnings("unchecked")
            R finish(Acc acc) {
                return collector.finisher().apply(((CollectAcc<A>) acc).container);
            }
        };
    }

    static final class CollectAcc<A> extends Terminal.Acc {
        final Collector<Object, A, ?> collector;
        A container;

        CollectAcc(Collector<Object, A, ?> collector) {
            this.collector = collector;
            this.container = collector.supplier().get();
        }

        @Override
        void accept(Object v) {
            collector.accumulator().accept(container, v);
        }

        @Override
        @SuppressWarnings("unchecked")
        void combine(Terminal.Acc later) {
            container = collector.combiner().apply(container, ((CollectAcc<A>) later).container);
        }
    }

    static Terminal<Object> reduce(Object identity, BinaryOperator<Object> op) {
        return new Terminal<>(Kind.OBJ, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Reduce(op, true, identity);
            }

            @Override
            Object finish(Acc acc) {
                return ((Reduce) acc).value;
            }
        };
    }

    /** reduce(op), min and max: the value is never allowed to be null at the end. */
    static Terminal<Optional<Object>> reduce(BinaryOperator<Object> op) {
        return new Terminal<>(Kind.OBJ, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Reduce(op, false, null);
            }

            @Override
            Optional<Object> finish(Acc acc) {
                Reduce r = (Reduce) acc;
                return r.seen ? Optional.of(r.value) : Optional.empty();
            }
        };
    }

    static final class Reduce extends Terminal.Acc {
        final BinaryOperator<Object> op;
        boolean seen;
        Object value;

        Reduce(BinaryOperator<Object> op, boolean seen, Object identity) {
            this.op = op;
            this.seen = seen;
            this.value = identity;
        }

        @Override
        void accept(Object v) {
            if (seen) {
                value = op.apply(value, v);
            } else {
                seen = true;
                value = v;
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            Reduce l = (Reduce) later;
            if (l.seen) {
                accept(l.value);
            }
        }
    }

    /** Counts elements of any kind; a plain indexed source is counted by its size. */
    static Terminal<Long> count(Kind kind) {
        return new Terminal<>(kind, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Count();
            }

            @Override
            Acc direct(Source source, long from, long to) {
                Count c = new Count();
                c.n = to - from;
                return c;
            }

            @Override
            Long finish(Acc acc) {
                return ((Count) acc).n;
            }
        };
    }

    static final class Count extends Terminal.Acc {
        long n;

        @Override
        void accept(Object v) {
            n++;
        }

        @Override
        void acceptInt(int v) {
            n++;
        }

        @Override
        void acceptLong(long v) {
            n++;
        }

        @Override
        void acceptFloat(float v) {
            n++;
        }

        @Override
        void acceptDouble(double v) {
            n++;
        }

        @Override
        void combine(Terminal.Acc later) {
            n += ((Count) later).n;
        }
    }

    static Terminal<Void> forEach(Consumer<Object> action) {
        return new Terminal<>(Kind.OBJ, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Acc() {
                    @Override
                    void accept(Object v) {
                        action.accept(v);
                    }

                    @Override
                    void combine(Acc later) {
                    }
                };
            }

            @Override
            boolean unordered() {
                return true;
            }

            @Override
            Void finish(Acc acc) {
                return null;
            }
        };
    }

    /** Whether some element matches; allMatch and noneMatch are built on it. */
    static Terminal<Boolean> anyMatch(Predicate<Object> predicate) {
        return match(predicate, false);
    }

    /** allMatch(p) is "no element fails p", noneMatch(p) "no element passes p". */
    static Terminal<Boolean> noneMatch(Predicate<Object> predicate) {
        return match(predicate, true);
    }

    private static Terminal<Boolean> match(Predicate<Object> predicate, boolean invert) {
        return new Terminal<>(Kind.OBJ, Terminal.Cut.UNORDERED) {
            @Override
            Acc newAcc() {
                return new Match(predicate);
            }

            @Override
            Boolean finish(Acc acc) {
                return ((Match) acc).found != invert;
            }
        };
    }

    static final class Match extends Terminal.Acc {
        final Predicate<Object> predicate;
        boolean found;

        Match(Predicate<Object> predicate) {
            this.predicate = predicate;
        }

        @Override
        void accept(Object v) {
            if (!found && predicate.test(v)) {
                found = true;
            }
        }

        @Override
        boolean done() {
            return found;
        }

        @Override
        void combine(Terminal.Acc later) {
            found |= ((Match) later).found;
        }
    }

    static Terminal<Optional<Object>> findFirst() {
        return new Terminal<>(Kind.OBJ, Terminal.Cut.ORDERED) {
            @Override
            Acc newAcc() {
                return new First();
            }

            @Override
            Optional<Object> finish(Acc acc) {
                First f = (First) acc;
                return f.seen ? Optional.of(f.value) : Optional.empty();
            }
        };
    }

    static final class First extends Terminal.Acc {
        boolean seen;
        Object value;

        @Override
        void accept(Object v) {
            if (!seen) {
                seen = true;
                value = v;
            }
        }

        @Override
        boolean done() {
            return seen;
        }

        @Override
        void combine(Terminal.Acc later) {
            First l = (First) later;
            if (!seen && l.seen) {
                seen = true;
                value = l.value;
            }
        }
    }

    /**
     * The parallel contexts' gather before a barrier: the first {@code cap} elements of its piece,
     * boxed. A piece that has {@code cap} elements makes every later piece useless.
     */
    static Terminal<Source.Buffer> gather(Kind kind, long cap) {
        return new Terminal<>(kind, Terminal.Cut.ORDERED) {
            @Override
            Acc newAcc() {
                return new Gather(cap);
            }

            @Override
            Source.Buffer finish(Acc acc) {
                Gather g = (Gather) acc;
                return new Source.Buffer(kind, g.values, g.size);
            }
        };
    }

    static final class Gather extends Terminal.Acc {
        final long cap;
        Object[] values = new Object[16];
        int size;

        Gather(long cap) {
            this.cap = cap;
        }

        private void add(Object v) {
            if (size < cap) {
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                }
                values[size++] = v;
            }
        }

        @Override
        boolean done() {
            return size >= cap;
        }

        @Override
        void accept(Object v) {
            add(v);
        }

        @Override
        void acceptInt(int v) {
            add(v);
        }

        @Override
        void acceptLong(long v) {
            add(v);
        }

        @Override
        void acceptFloat(float v) {
            add(v);
        }

        @Override
        void acceptDouble(double v) {
            add(v);
        }

        @Override
        void combine(Terminal.Acc later) {
            Gather l = (Gather) later;
            for (int i = 0; i < l.size && size < cap; i++) {
                add(l.values[i]);
            }
        }
    }

    /** The sum of {@code size} consecutive ints from {@code first}, wrapping as int addition does. */
    static int rangeSumInt(int first, long size) {
        return (int) rangeSumLong(first, size);
    }

    /**
     * The sum of {@code size} consecutive longs from {@code first}, modulo 2^64 as long addition
     * wraps: {@code size · (first + last) / 2}, halving whichever factor is even before the
     * wrapping multiplication, so no wrapped value is ever divided.
     */
    static long rangeSumLong(long first, long size) {
        return (size & 1) == 0 ? (size / 2) * (2 * first + size - 1) : size * (first + (size - 1) / 2);
    }

    // ---- int ----

    static final class IntSum extends Terminal.Acc {
        int sum;

        @Override
        void acceptInt(int v) {
            sum += v;
        }

        @Override
        void combine(Terminal.Acc later) {
            sum += ((IntSum) later).sum;
        }
    }

    static Terminal<Integer> intSum() {
        return new Terminal<>(Kind.INT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new IntSum();
            }

            @Override
            Acc direct(Source source, long from, long to) {
                IntSum acc = new IntSum();
                if (source instanceof Source.IntArray a) {
                    acc.sum = Simd.sum(a.array, (int) from, (int) to);
                    return acc;
                }
                if (source instanceof Source.IntRange r) {
                    acc.sum = rangeSumInt(r.start + (int) from, to - from);
                    return acc;
                }
                return null;
            }

            @Override
            Integer finish(Acc acc) {
                return ((IntSum) acc).sum;
            }
        };
    }

    /** min (max when {@code max}) as a reduction; empty when no element came. */
    static final class IntExtreme extends Terminal.Acc {
        final boolean max;
        boolean seen;
        int value;

        IntExtreme(boolean max) {
            this.max = max;
        }

        @Override
        void acceptInt(int v) {
            if (!seen) {
                seen = true;
                value = v;
            } else {
                value = max ? Math.max(value, v) : Math.min(value, v);
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            IntExtreme l = (IntExtreme) later;
            if (l.seen) {
                acceptInt(l.value);
            }
        }
    }

    static Terminal<java.util.OptionalInt> intExtreme(boolean max) {
        return new Terminal<>(Kind.INT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new IntExtreme(max);
            }

            @Override
            Acc direct(Source source, long from, long to) {
                if (from >= to) {
                    return newAcc();
                }
                IntExtreme acc = new IntExtreme(max);
                if (source instanceof Source.IntArray a) {
                    acc.seen = true;
                    acc.value = max ? Simd.max(a.array, (int) from, (int) to) : Simd.min(a.array, (int) from, (int) to);
                    return acc;
                }
                if (source instanceof Source.IntRange r) {
                    acc.seen = true;
                    acc.value = (int) (r.start + (max ? to - 1 : from));
                    return acc;
                }
                return null;
            }

            @Override
            java.util.OptionalInt finish(Acc acc) {
                IntExtreme e = (IntExtreme) acc;
                return e.seen ? java.util.OptionalInt.of(e.value) : java.util.OptionalInt.empty();
            }
        };
    }

    static final class IntAverage extends Terminal.Acc {
        long sum;
        long count;

        @Override
        void acceptInt(int v) {
            sum += v;
            count++;
        }

        @Override
        void combine(Terminal.Acc later) {
            IntAverage l = (IntAverage) later;
            sum += l.sum;
            count += l.count;
        }
    }

    static Terminal<java.util.OptionalDouble> intAverage() {
        return new Terminal<>(Kind.INT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new IntAverage();
            }

            @Override
            java.util.OptionalDouble finish(Acc acc) {
                IntAverage a = (IntAverage) acc;
                return a.count == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of((double) a.sum / a.count);
            }
        };
    }

    static final class IntArray extends Terminal.Acc {
        int[] values = new int[16];
        int size;

        @Override
        void acceptInt(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        @Override
        void combine(Terminal.Acc later) {
            IntArray l = (IntArray) later;
            if (size + l.size > values.length) {
                values = Arrays.copyOf(values, Math.max(size + l.size, size * 2));
            }
            System.arraycopy(l.values, 0, values, size, l.size);
            size += l.size;
        }
    }

    static Terminal<int[]> intToArray() {
        return new Terminal<>(Kind.INT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new IntArray();
            }

            @Override
            int[] finish(Acc acc) {
                IntArray a = (IntArray) acc;
                return Arrays.copyOf(a.values, a.size);
            }
        };
    }

    static final class IntReduce extends Terminal.Acc {
        final java.util.function.IntBinaryOperator op;
        boolean seen;
        int value;

        IntReduce(java.util.function.IntBinaryOperator op, boolean seen, int identity) {
            this.op = op;
            this.seen = seen;
            this.value = identity;
        }

        @Override
        void acceptInt(int v) {
            if (seen) {
                value = op.applyAsInt(value, v);
            } else {
                seen = true;
                value = v;
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            IntReduce l = (IntReduce) later;
            if (l.seen) {
                acceptInt(l.value);
            }
        }
    }

    static Terminal<Integer> intReduce(int identity, java.util.function.IntBinaryOperator op) {
        return new Terminal<>(Kind.INT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new IntReduce(op, true, identity);
            }

            @Override
            Integer finish(Acc acc) {
                return ((IntReduce) acc).value;
            }
        };
    }

    static Terminal<java.util.OptionalInt> intReduce(java.util.function.IntBinaryOperator op) {
        return new Terminal<>(Kind.INT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new IntReduce(op, false, (int) 0);
            }

            @Override
            java.util.OptionalInt finish(Acc acc) {
                IntReduce r = (IntReduce) acc;
                return r.seen ? java.util.OptionalInt.of(r.value) : java.util.OptionalInt.empty();
            }
        };
    }

    static Terminal<Void> intForEach(java.util.function.IntConsumer action) {
        return new Terminal<>(Kind.INT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Acc() {
                    @Override
                    void acceptInt(int v) {
                        action.accept(v);
                    }

                    @Override
                    void combine(Acc later) {
                    }
                };
            }

            @Override
            boolean unordered() {
                return true;
            }

            @Override
            Void finish(Acc acc) {
                return null;
            }
        };
    }

    // ---- long ----

    static final class LongSum extends Terminal.Acc {
        long sum;

        @Override
        void acceptLong(long v) {
            sum += v;
        }

        @Override
        void combine(Terminal.Acc later) {
            sum += ((LongSum) later).sum;
        }
    }

    static Terminal<Long> longSum() {
        return new Terminal<>(Kind.LONG, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new LongSum();
            }

            @Override
            Acc direct(Source source, long from, long to) {
                LongSum acc = new LongSum();
                if (source instanceof Source.LongArray a) {
                    acc.sum = Simd.sum(a.array, (int) from, (int) to);
                    return acc;
                }
                if (source instanceof Source.LongRange r) {
                    acc.sum = rangeSumLong(r.start + (long) from, to - from);
                    return acc;
                }
                return null;
            }

            @Override
            Long finish(Acc acc) {
                return ((LongSum) acc).sum;
            }
        };
    }

    /** min (max when {@code max}) as a reduction; empty when no element came. */
    static final class LongExtreme extends Terminal.Acc {
        final boolean max;
        boolean seen;
        long value;

        LongExtreme(boolean max) {
            this.max = max;
        }

        @Override
        void acceptLong(long v) {
            if (!seen) {
                seen = true;
                value = v;
            } else {
                value = max ? Math.max(value, v) : Math.min(value, v);
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            LongExtreme l = (LongExtreme) later;
            if (l.seen) {
                acceptLong(l.value);
            }
        }
    }

    static Terminal<java.util.OptionalLong> longExtreme(boolean max) {
        return new Terminal<>(Kind.LONG, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new LongExtreme(max);
            }

            @Override
            Acc direct(Source source, long from, long to) {
                if (from >= to) {
                    return newAcc();
                }
                LongExtreme acc = new LongExtreme(max);
                if (source instanceof Source.LongArray a) {
                    acc.seen = true;
                    acc.value = max ? Simd.max(a.array, (int) from, (int) to) : Simd.min(a.array, (int) from, (int) to);
                    return acc;
                }
                if (source instanceof Source.LongRange r) {
                    acc.seen = true;
                    acc.value = (long) (r.start + (max ? to - 1 : from));
                    return acc;
                }
                return null;
            }

            @Override
            java.util.OptionalLong finish(Acc acc) {
                LongExtreme e = (LongExtreme) acc;
                return e.seen ? java.util.OptionalLong.of(e.value) : java.util.OptionalLong.empty();
            }
        };
    }

    static final class LongAverage extends Terminal.Acc {
        long sum;
        long count;

        @Override
        void acceptLong(long v) {
            sum += v;
            count++;
        }

        @Override
        void combine(Terminal.Acc later) {
            LongAverage l = (LongAverage) later;
            sum += l.sum;
            count += l.count;
        }
    }

    static Terminal<java.util.OptionalDouble> longAverage() {
        return new Terminal<>(Kind.LONG, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new LongAverage();
            }

            @Override
            java.util.OptionalDouble finish(Acc acc) {
                LongAverage a = (LongAverage) acc;
                return a.count == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of((double) a.sum / a.count);
            }
        };
    }

    static final class LongArray extends Terminal.Acc {
        long[] values = new long[16];
        int size;

        @Override
        void acceptLong(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        @Override
        void combine(Terminal.Acc later) {
            LongArray l = (LongArray) later;
            if (size + l.size > values.length) {
                values = Arrays.copyOf(values, Math.max(size + l.size, size * 2));
            }
            System.arraycopy(l.values, 0, values, size, l.size);
            size += l.size;
        }
    }

    static Terminal<long[]> longToArray() {
        return new Terminal<>(Kind.LONG, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new LongArray();
            }

            @Override
            long[] finish(Acc acc) {
                LongArray a = (LongArray) acc;
                return Arrays.copyOf(a.values, a.size);
            }
        };
    }

    static final class LongReduce extends Terminal.Acc {
        final java.util.function.LongBinaryOperator op;
        boolean seen;
        long value;

        LongReduce(java.util.function.LongBinaryOperator op, boolean seen, long identity) {
            this.op = op;
            this.seen = seen;
            this.value = identity;
        }

        @Override
        void acceptLong(long v) {
            if (seen) {
                value = op.applyAsLong(value, v);
            } else {
                seen = true;
                value = v;
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            LongReduce l = (LongReduce) later;
            if (l.seen) {
                acceptLong(l.value);
            }
        }
    }

    static Terminal<Long> longReduce(long identity, java.util.function.LongBinaryOperator op) {
        return new Terminal<>(Kind.LONG, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new LongReduce(op, true, identity);
            }

            @Override
            Long finish(Acc acc) {
                return ((LongReduce) acc).value;
            }
        };
    }

    static Terminal<java.util.OptionalLong> longReduce(java.util.function.LongBinaryOperator op) {
        return new Terminal<>(Kind.LONG, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new LongReduce(op, false, (long) 0);
            }

            @Override
            java.util.OptionalLong finish(Acc acc) {
                LongReduce r = (LongReduce) acc;
                return r.seen ? java.util.OptionalLong.of(r.value) : java.util.OptionalLong.empty();
            }
        };
    }

    static Terminal<Void> longForEach(java.util.function.LongConsumer action) {
        return new Terminal<>(Kind.LONG, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Acc() {
                    @Override
                    void acceptLong(long v) {
                        action.accept(v);
                    }

                    @Override
                    void combine(Acc later) {
                    }
                };
            }

            @Override
            boolean unordered() {
                return true;
            }

            @Override
            Void finish(Acc acc) {
                return null;
            }
        };
    }

    // ---- float ----

    static final class FloatSum extends Terminal.Acc {
        float sum;

        @Override
        void acceptFloat(float v) {
            sum += v;
        }

        @Override
        void combine(Terminal.Acc later) {
            sum += ((FloatSum) later).sum;
        }
    }

    static Terminal<Float> floatSum() {
        return new Terminal<>(Kind.FLOAT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new FloatSum();
            }

            @Override
            Acc direct(Source source, long from, long to) {
                FloatSum acc = new FloatSum();
                if (source instanceof Source.FloatArray a) {
                    acc.sum = Simd.sum(a.array, (int) from, (int) to);
                    return acc;
                }
                return null;
            }

            @Override
            Float finish(Acc acc) {
                return ((FloatSum) acc).sum;
            }
        };
    }

    /** min (max when {@code max}) as a reduction; empty when no element came. */
    static final class FloatExtreme extends Terminal.Acc {
        final boolean max;
        boolean seen;
        float value;

        FloatExtreme(boolean max) {
            this.max = max;
        }

        @Override
        void acceptFloat(float v) {
            if (!seen) {
                seen = true;
                value = v;
            } else {
                value = max ? Math.max(value, v) : Math.min(value, v);
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            FloatExtreme l = (FloatExtreme) later;
            if (l.seen) {
                acceptFloat(l.value);
            }
        }
    }

    static Terminal<java.util.OptionalDouble> floatExtreme(boolean max) {
        return new Terminal<>(Kind.FLOAT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new FloatExtreme(max);
            }

            @Override
            Acc direct(Source source, long from, long to) {
                if (from >= to) {
                    return newAcc();
                }
                FloatExtreme acc = new FloatExtreme(max);
                if (source instanceof Source.FloatArray a) {
                    acc.seen = true;
                    acc.value = max ? Simd.max(a.array, (int) from, (int) to) : Simd.min(a.array, (int) from, (int) to);
                    return acc;
                }
                return null;
            }

            @Override
            java.util.OptionalDouble finish(Acc acc) {
                FloatExtreme e = (FloatExtreme) acc;
                return e.seen ? java.util.OptionalDouble.of(e.value) : java.util.OptionalDouble.empty();
            }
        };
    }

    static final class FloatAverage extends Terminal.Acc {
        double sum;
        long count;

        @Override
        void acceptFloat(float v) {
            sum += v;
            count++;
        }

        @Override
        void combine(Terminal.Acc later) {
            FloatAverage l = (FloatAverage) later;
            sum += l.sum;
            count += l.count;
        }
    }

    static Terminal<java.util.OptionalDouble> floatAverage() {
        return new Terminal<>(Kind.FLOAT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new FloatAverage();
            }

            @Override
            java.util.OptionalDouble finish(Acc acc) {
                FloatAverage a = (FloatAverage) acc;
                return a.count == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of((double) a.sum / a.count);
            }
        };
    }

    static final class FloatArray extends Terminal.Acc {
        float[] values = new float[16];
        int size;

        @Override
        void acceptFloat(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        @Override
        void combine(Terminal.Acc later) {
            FloatArray l = (FloatArray) later;
            if (size + l.size > values.length) {
                values = Arrays.copyOf(values, Math.max(size + l.size, size * 2));
            }
            System.arraycopy(l.values, 0, values, size, l.size);
            size += l.size;
        }
    }

    static Terminal<float[]> floatToArray() {
        return new Terminal<>(Kind.FLOAT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new FloatArray();
            }

            @Override
            float[] finish(Acc acc) {
                FloatArray a = (FloatArray) acc;
                return Arrays.copyOf(a.values, a.size);
            }
        };
    }

    static final class FloatReduce extends Terminal.Acc {
        final FloatIter.FloatBinaryOperator op;
        boolean seen;
        float value;

        FloatReduce(FloatIter.FloatBinaryOperator op, boolean seen, float identity) {
            this.op = op;
            this.seen = seen;
            this.value = identity;
        }

        @Override
        void acceptFloat(float v) {
            if (seen) {
                value = op.applyAsFloat(value, v);
            } else {
                seen = true;
                value = v;
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            FloatReduce l = (FloatReduce) later;
            if (l.seen) {
                acceptFloat(l.value);
            }
        }
    }

    static Terminal<Float> floatReduce(float identity, FloatIter.FloatBinaryOperator op) {
        return new Terminal<>(Kind.FLOAT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new FloatReduce(op, true, identity);
            }

            @Override
            Float finish(Acc acc) {
                return ((FloatReduce) acc).value;
            }
        };
    }

    static Terminal<java.util.OptionalDouble> floatReduce(FloatIter.FloatBinaryOperator op) {
        return new Terminal<>(Kind.FLOAT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new FloatReduce(op, false, (float) 0);
            }

            @Override
            java.util.OptionalDouble finish(Acc acc) {
                FloatReduce r = (FloatReduce) acc;
                return r.seen ? java.util.OptionalDouble.of(r.value) : java.util.OptionalDouble.empty();
            }
        };
    }

    static Terminal<Void> floatForEach(FloatIter.FloatConsumer action) {
        return new Terminal<>(Kind.FLOAT, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Acc() {
                    @Override
                    void acceptFloat(float v) {
                        action.accept(v);
                    }

                    @Override
                    void combine(Acc later) {
                    }
                };
            }

            @Override
            boolean unordered() {
                return true;
            }

            @Override
            Void finish(Acc acc) {
                return null;
            }
        };
    }

    // ---- double ----

    static final class DoubleSum extends Terminal.Acc {
        double sum;

        @Override
        void acceptDouble(double v) {
            sum += v;
        }

        @Override
        void combine(Terminal.Acc later) {
            sum += ((DoubleSum) later).sum;
        }
    }

    static Terminal<Double> doubleSum() {
        return new Terminal<>(Kind.DOUBLE, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new DoubleSum();
            }

            @Override
            Acc direct(Source source, long from, long to) {
                DoubleSum acc = new DoubleSum();
                if (source instanceof Source.DoubleArray a) {
                    acc.sum = Simd.sum(a.array, (int) from, (int) to);
                    return acc;
                }
                return null;
            }

            @Override
            Double finish(Acc acc) {
                return ((DoubleSum) acc).sum;
            }
        };
    }

    /** min (max when {@code max}) as a reduction; empty when no element came. */
    static final class DoubleExtreme extends Terminal.Acc {
        final boolean max;
        boolean seen;
        double value;

        DoubleExtreme(boolean max) {
            this.max = max;
        }

        @Override
        void acceptDouble(double v) {
            if (!seen) {
                seen = true;
                value = v;
            } else {
                value = max ? Math.max(value, v) : Math.min(value, v);
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            DoubleExtreme l = (DoubleExtreme) later;
            if (l.seen) {
                acceptDouble(l.value);
            }
        }
    }

    static Terminal<java.util.OptionalDouble> doubleExtreme(boolean max) {
        return new Terminal<>(Kind.DOUBLE, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new DoubleExtreme(max);
            }

            @Override
            Acc direct(Source source, long from, long to) {
                if (from >= to) {
                    return newAcc();
                }
                DoubleExtreme acc = new DoubleExtreme(max);
                if (source instanceof Source.DoubleArray a) {
                    acc.seen = true;
                    acc.value = max ? Simd.max(a.array, (int) from, (int) to) : Simd.min(a.array, (int) from, (int) to);
                    return acc;
                }
                return null;
            }

            @Override
            java.util.OptionalDouble finish(Acc acc) {
                DoubleExtreme e = (DoubleExtreme) acc;
                return e.seen ? java.util.OptionalDouble.of(e.value) : java.util.OptionalDouble.empty();
            }
        };
    }

    static final class DoubleAverage extends Terminal.Acc {
        double sum;
        long count;

        @Override
        void acceptDouble(double v) {
            sum += v;
            count++;
        }

        @Override
        void combine(Terminal.Acc later) {
            DoubleAverage l = (DoubleAverage) later;
            sum += l.sum;
            count += l.count;
        }
    }

    static Terminal<java.util.OptionalDouble> doubleAverage() {
        return new Terminal<>(Kind.DOUBLE, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new DoubleAverage();
            }

            @Override
            java.util.OptionalDouble finish(Acc acc) {
                DoubleAverage a = (DoubleAverage) acc;
                return a.count == 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of((double) a.sum / a.count);
            }
        };
    }

    static final class DoubleArray extends Terminal.Acc {
        double[] values = new double[16];
        int size;

        @Override
        void acceptDouble(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        @Override
        void combine(Terminal.Acc later) {
            DoubleArray l = (DoubleArray) later;
            if (size + l.size > values.length) {
                values = Arrays.copyOf(values, Math.max(size + l.size, size * 2));
            }
            System.arraycopy(l.values, 0, values, size, l.size);
            size += l.size;
        }
    }

    static Terminal<double[]> doubleToArray() {
        return new Terminal<>(Kind.DOUBLE, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new DoubleArray();
            }

            @Override
            double[] finish(Acc acc) {
                DoubleArray a = (DoubleArray) acc;
                return Arrays.copyOf(a.values, a.size);
            }
        };
    }

    static final class DoubleReduce extends Terminal.Acc {
        final java.util.function.DoubleBinaryOperator op;
        boolean seen;
        double value;

        DoubleReduce(java.util.function.DoubleBinaryOperator op, boolean seen, double identity) {
            this.op = op;
            this.seen = seen;
            this.value = identity;
        }

        @Override
        void acceptDouble(double v) {
            if (seen) {
                value = op.applyAsDouble(value, v);
            } else {
                seen = true;
                value = v;
            }
        }

        @Override
        void combine(Terminal.Acc later) {
            DoubleReduce l = (DoubleReduce) later;
            if (l.seen) {
                acceptDouble(l.value);
            }
        }
    }

    static Terminal<Double> doubleReduce(double identity, java.util.function.DoubleBinaryOperator op) {
        return new Terminal<>(Kind.DOUBLE, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new DoubleReduce(op, true, identity);
            }

            @Override
            Double finish(Acc acc) {
                return ((DoubleReduce) acc).value;
            }
        };
    }

    static Terminal<java.util.OptionalDouble> doubleReduce(java.util.function.DoubleBinaryOperator op) {
        return new Terminal<>(Kind.DOUBLE, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new DoubleReduce(op, false, (double) 0);
            }

            @Override
            java.util.OptionalDouble finish(Acc acc) {
                DoubleReduce r = (DoubleReduce) acc;
                return r.seen ? java.util.OptionalDouble.of(r.value) : java.util.OptionalDouble.empty();
            }
        };
    }

    static Terminal<Void> doubleForEach(java.util.function.DoubleConsumer action) {
        return new Terminal<>(Kind.DOUBLE, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Acc() {
                    @Override
                    void acceptDouble(double v) {
                        action.accept(v);
                    }

                    @Override
                    void combine(Acc later) {
                    }
                };
            }

            @Override
            boolean unordered() {
                return true;
            }

            @Override
            Void finish(Acc acc) {
                return null;
            }
        };
    }
}
