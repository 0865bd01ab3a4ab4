package io.moirai.iter;

/**
 * A terminal operation as a mergeable reduction: each piece of the input (the whole input in the
 * sequential context, a chunk in the parallel ones) accumulates into its own {@link Acc};
 * accumulators are combined left to right in encounter order; {@link #finish} turns the combined
 * one into the result. Encounter order is therefore kept by every terminal whose combine is
 * ordered (toList, collect, reduce, findFirst), whatever order the chunks complete in.
 *
 * <p>Terminals and accumulators are serializable, so that a part's accumulator can come back
 * from another JVM; they serialize when their functions and elements do.
 *
 * @param <R> the result type
 */
abstract class Terminal<R> implements java.io.Serializable {

    /** How a terminal may end an evaluation early. */
    enum Cut {
        /** Never: every element counts. */
        NONE,
        /** findFirst, and a barrier's gather: a decisive chunk makes every later chunk useless. */
        ORDERED,
        /** anyMatch and its relatives: a decisive chunk decides the whole result. */
        UNORDERED
    }

    /** The terminal operation's name, as failure messages give it: toList, reduce, min, ... */
    final String name;
    final Kind in;
    final Cut cut;

    Terminal(String name, Kind in, Cut cut) {
        this.name = name;
        this.in = in;
        this.cut = cut;
    }

    abstract Acc newAcc();

    /**
     * The accumulator of {@code [from, to)} of a source pushed through no stage, computed by a
     * kernel ({@link io.moirai.simd.Simd}, a closed form), or {@code null} where there is none.
     */
    Acc direct(Source source, long from, long to) {
        return null;
    }

    abstract R finish(Acc acc);

    /**
     * The most input elements that can change the result, where their number alone decides it:
     * 1 for findFirst, the cap of a barrier's gather; {@code Long.MAX_VALUE} for every other
     * terminal, including those that decide by the elements' values (anyMatch).
     */
    long inputCap() {
        return Long.MAX_VALUE;
    }

    /** True when the terminal's action runs per element in any order in the parallel contexts. */
    boolean unordered() {
        return false;
    }

    /**
     * True when the terminal itself stays with the caller when parts run elsewhere: its function
     * is not required to serialize (a {@code Collector}, a {@code forEach} action), so a part
     * sends back its elements and {@link Evaluation#combine} feeds them to the terminal on the
     * calling thread, in encounter order.
     */
    boolean runsOnCaller() {
        return false;
    }

    /** One piece's accumulation. */
    abstract static class Acc extends Sink implements java.io.Serializable {

        /** Folds {@code later}, the accumulator of the input right after this one's, into this. */
        abstract void combine(Acc later);
    }
}
