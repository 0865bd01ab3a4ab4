package io.moirai.iter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One intermediate stage of a pipeline description: its input and output {@link Kind}, its name
 * (used in failure messages and {@link Evaluation#stages()}), and how it turns a downstream
 * {@link Sink} into its own. Stages are immutable and shared by every pipeline built on them.
 *
 * <p>Two properties steer the parallel contexts: a <em>barrier</em> ({@code limit},
 * {@code chunked}) needs the elements before it in encounter order, so the parallel contexts
 * gather its input (in parallel) and continue from the gathered buffer; a <em>blocking</em> stage
 * ({@code mapBlocking}) is taken out of the fused CPU chain and run on the blocking lane.
 *
 * <p>Stages are serializable, so that a part of an evaluation can run in another JVM; a stage
 * serializes when its function does.
 */
abstract class Op implements java.io.Serializable {

    final Kind in;
    final Kind out;
    final String name;

    Op(Kind in, Kind out, String name) {
        this.in = in;
        this.out = out;
        this.name = name;
    }

    abstract Sink wrap(Sink down);

    /**
     * Whether one element in may give any number out ({@code flatMap}): the source's stop polls,
     * which come between blocks of its own elements, may then be an endless way apart, so the
     * chain polls the stop signal on this stage's output too ({@link Sequential#chain(Op[], Sink, StopSignal)}).
     */
    boolean expands() {
        return false;
    }

    /**
     * Whether the stage gives exactly one output for each input, as the input arrives (map, peek,
     * mapBlocking, the kind conversions): then a bound on how many outputs a later stage or the
     * terminal can use bounds the input too ({@link ParallelRun#readCap}). False unless a stage
     * says so, which only costs a channel source its cap.
     */
    boolean oneToOne() {
        return false;
    }

    boolean barrier() {
        return false;
    }

    boolean blocking() {
        return false;
    }

    /** True when the stage itself may end the input early (limit). */
    boolean shortCircuits() {
        return false;
    }

    /** For a barrier: how many gathered input elements it can use at most. */
    long gatherCap() {
        return Long.MAX_VALUE;
    }

    /**
     * For a barrier: how many gathered input elements it can use at most, given the stages that
     * follow it ({@code chunked} followed by a {@code limit} uses only the chunks the limit keeps).
     */
    long gatherCap(Op[] next) {
        return gatherCap();
    }

    /** For a barrier: its output from its whole gathered input, in order. */
    Source.Buffer applyBarrier(Object[] gathered, int length) {
        throw new UnsupportedOperationException(name);
    }

    /** For a blocking stage: its function. */
    Function<Object, Object> blockingFunction() {
        throw new UnsupportedOperationException(name);
    }

    // ---- object stages ---------------------------------------------------------------------

    static Op map(Function<Object, Object> f) {
        return new Op(Kind.OBJ, Kind.OBJ, "map") {
            @Override
            boolean oneToOne() {
                return true;
            }

            @Override
            Sink wrap(Sink down) {
                return new Sink.Chained(down) {
                    @Override
                    void accept(Object v) {
                        down.accept(f.apply(v));
                    }
                };
            }
        };
    }

    static Op filter(Predicate<Object> f) {
        return new Op(Kind.OBJ, Kind.OBJ, "filter") {
            @Override
            Sink wrap(Sink down) {
                return new Sink.Chained(down) {
                    @Override
                    void accept(Object v) {
                        if (f.test(v)) {
                            down.accept(v);
                        }
                    }
                };
            }
        };
    }

    static Op peek(Consumer<Object> f) {
        return new Op(Kind.OBJ, Kind.OBJ, "peek") {
            @Override
            boolean oneToOne() {
                return true;
            }

            @Override
            Sink wrap(Sink down) {
                return new Sink.Chained(down) {
                    @Override
                    void accept(Object v) {
                        f.accept(v);
                        down.accept(v);
                    }
                };
            }
        };
    }

    /** A null iterable from {@code f} counts as empty, as {@code Stream.flatMap} treats a null stream. */
    static Op flatMap(Function<Object, ? extends Iterable<?>> f) {
        return new Op(Kind.OBJ, Kind.OBJ, "flatMap") {
            @Override
            boolean expands() {
                return true;
            }

            @Override
            Sink wrap(Sink down) {
                return new Sink.Chained(down) {
                    @Override
                    void accept(Object v) {
                        Iterable<?> inner = f.apply(v);
                        if (inner == null) {
                            return;
                        }
                        for (Object e : inner) {
                            if (down.done()) {
                                return;
                            }
                            down.accept(e);
                        }
                    }
                };
            }
        };
    }

    static Op mapBlocking(Function<Object, Object> f) {
        return new Op(Kind.OBJ, Kind.OBJ, "mapBlocking") {
            @Override
            boolean oneToOne() {
                return true;
            }

            @Override
            boolean blocking() {
                return true;
            }

            @Override
            Function<Object, Object> blockingFunction() {
                return f;
            }

            @Override
            Sink wrap(Sink down) {
                return new Sink.Chained(down) {
                    @Override
                    void accept(Object v) {
                        down.accept(f.apply(v));
                    }
                };
            }
        };
    }

    static Op limit(Kind kind, long max) {
        return new Op(kind, kind, "limit") {
            @Override
            boolean barrier() {
                return true;
            }

            @Override
            boolean shortCircuits() {
                return true;
            }

            @Override
            long gatherCap() {
                return max;
            }

            @Override
            Source.Buffer applyBarrier(Object[] gathered, int length) {
                return new Source.Buffer(kind, gathered, (int) Math.min(length, max));
            }

            @Override
            Sink wrap(Sink down) {
                return new LimitSink(down, max);
            }
        };
    }

    static Op chunked(int size) {
        return new Op(Kind.OBJ, Kind.OBJ, "chunked") {
            @Override
            boolean barrier() {
                return true;
            }

            /** Followed by {@code limit(k)} (the only stage that is a short-circuiting barrier): k chunks' worth. */
            @Override
            long gatherCap(Op[] next) {
                if (next.length > 0 && next[0].barrier() && next[0].shortCircuits()) {
                    long chunks = next[0].gatherCap();
                    return chunks > Long.MAX_VALUE / size ? Long.MAX_VALUE : chunks * size;
                }
                return Long.MAX_VALUE;
            }

            @Override
            Source.Buffer applyBarrier(Object[] gathered, int length) {
                int chunks = (int) ((length + (long) size - 1) / size);
                Object[] lists = new Object[chunks];
                for (int c = 0; c < chunks; c++) {
                    int from = c * size;
                    lists[c] = Collections.unmodifiableList(
                            Arrays.asList(Arrays.copyOfRange(gathered, from, Math.min(length, from + size))));
                }
                return new Source.Buffer(Kind.OBJ, lists, chunks);
            }

            @Override
            Sink wrap(Sink down) {
                return new Sink.Chained(down) {
                    private ArrayList<Object> current = new ArrayList<>(Math.min(size, 1024));

                    @Override
                    void accept(Object v) {
                        current.add(v);
                        if (current.size() == size) {
                            List<Object> full = Collections.unmodifiableList(current);
                            current = new ArrayList<>(Math.min(size, 1024));
                            down.accept(full);
                        }
                    }

                    @Override
                    void end() {
                        if (!current.isEmpty() && !down.done()) {
                            down.accept(Collections.unmodifiableList(current));
                            current = new ArrayList<>();
                        }
                        down.end();
                    }
                };
            }
        };
    }

    /** Passes the first {@code max} elements of any kind. */
    private static final class LimitSink extends Sink.Chained {
        private final long max;
        private long count;

        LimitSink(Sink down, long max) {
            super(down);
            this.max = max;
        }

        @Override
        boolean done() {
            return count >= max || down.done();
        }

        @Override
        void accept(Object v) {
            if (count < max) {
                count++;
                down.accept(v);
            }
        }

        @Override
        void acceptInt(int v) {
            if (count < max) {
                count++;
                down.acceptInt(v);
            }
        }

        @Override
        void acceptLong(long v) {
            if (count < max) {
                count++;
                down.acceptLong(v);
            }
        }

        @Override
        void acceptFloat(float v) {
            if (count < max) {
                count++;
                down.acceptFloat(v);
            }
        }

        @Override
        void acceptDouble(double v) {
            if (count < max) {
                count++;
                down.acceptDouble(v);
            }
        }
    }
}
