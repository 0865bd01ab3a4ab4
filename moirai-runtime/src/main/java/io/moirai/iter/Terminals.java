package io.moirai.iter;

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
        return new Terminal<>("toList", Kind.OBJ, Terminal.Cut.NONE) {
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
        return new Terminal<>("collect", Kind.OBJ, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new CollectAcc<>(collector);
            }

            @Override
            @SuppressWarnings("unchecked")
            R finish(Acc acc) {
                return collector.finisher().apply(((CollectAcc<A>) acc).container);
            }

            @Override
            boolean runsOnCaller() {
                return true;
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
        return new Terminal<>("reduce", Kind.OBJ, Terminal.Cut.NONE) {
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
        return reduce("reduce", op);
    }

    /** reduce(op) under the name of the terminal it implements: min and max are reductions. */
    static Terminal<Optional<Object>> reduce(String name, BinaryOperator<Object> op) {
        return new Terminal<>(name, Kind.OBJ, Terminal.Cut.NONE) {
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
        return new Terminal<>("count", kind, Terminal.Cut.NONE) {
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
        return new Terminal<>("forEach", Kind.OBJ, Terminal.Cut.NONE) {
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
            boolean runsOnCaller() {
                return true;
            }

            @Override
            Void finish(Acc acc) {
                return null;
            }
        };
    }

    /*
     * min, max and allMatch wrap the caller's function. The JDK's wrappers (BinaryOperator.minBy,
     * Predicate.negate) are plain lambdas, which would make a serializable pipeline unserializable,
     * so these are serializable lambdas: they serialize when the wrapped function does.
     */

    /** As {@link BinaryOperator#minBy}: the first of equal elements. */
    static <T> SerializableBinaryOperator<T> minBy(java.util.Comparator<? super T> comparator) {
        return (a, b) -> comparator.compare(a, b) <= 0 ? a : b;
    }

    /** As {@link BinaryOperator#maxBy}: the first of equal elements. */
    static <T> SerializableBinaryOperator<T> maxBy(java.util.Comparator<? super T> comparator) {
        return (a, b) -> comparator.compare(a, b) >= 0 ? a : b;
    }

    /** As {@link Predicate#negate}. */
    static SerializablePredicate<Object> not(Predicate<Object> predicate) {
        return v -> !predicate.test(v);
    }

    /** Whether some element matches; allMatch and noneMatch are built on it. */
    static Terminal<Boolean> anyMatch(Predicate<Object> predicate) {
        return match("anyMatch", predicate, false);
    }

    /** noneMatch(p) is "no element passes p". */
    static Terminal<Boolean> noneMatch(Predicate<Object> predicate) {
        return match("noneMatch", predicate, true);
    }

    /** allMatch(p) is "no element fails p". */
    static Terminal<Boolean> allMatch(Predicate<Object> predicate) {
        return match("allMatch", not(predicate), true);
    }

    private static Terminal<Boolean> match(String name, Predicate<Object> predicate, boolean invert) {
        return new Terminal<>(name, Kind.OBJ, Terminal.Cut.UNORDERED) {
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
        return new Terminal<>("findFirst", Kind.OBJ, Terminal.Cut.ORDERED) {
            @Override
            long inputCap() {
                return 1;
            }

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
     * The elements of a part, boxed, for a terminal that {@link Terminal#runsOnCaller() runs on
     * the caller}: every element counts, so unlike {@link #gather} it never cuts the input.
     */
    static Terminal<Source.Buffer> elements(Kind kind) {
        return new Terminal<>("elements", kind, Terminal.Cut.NONE) {
            @Override
            Acc newAcc() {
                return new Gather(Long.MAX_VALUE);
            }

            @Override
            Source.Buffer finish(Acc acc) {
                return ((Gather) acc).buffer(kind);
            }
        };
    }

    /**
     * The parallel contexts' gather before a barrier: the first {@code cap} elements of its piece,
     * boxed. A piece that has {@code cap} elements makes every later piece useless; without a cap
     * ({@code chunked} not followed by {@code limit}) it never cuts, so a channel source is not
     * read one element at a time for it ({@link ParallelRun#readCap}).
     */
    static Terminal<Source.Buffer> gather(Kind kind, long cap) {
        return new Terminal<>("gather", kind, cap == Long.MAX_VALUE ? Terminal.Cut.NONE : Terminal.Cut.ORDERED) {
            @Override
            long inputCap() {
                return cap;
            }

            @Override
            Acc newAcc() {
                return new Gather(cap);
            }

            @Override
            Source.Buffer finish(Acc acc) {
                return ((Gather) acc).buffer(kind);
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

        Source.Buffer buffer(Kind kind) {
            return new Source.Buffer(kind, values, size);
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
}
