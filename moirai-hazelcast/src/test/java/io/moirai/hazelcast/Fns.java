package io.moirai.hazelcast;

import java.io.Serializable;
import java.util.Comparator;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** Serializable functions for the tests' pipelines, written as plain lambdas. */
final class Fns {

    private Fns() {
    }

    interface SFunction<A, B> extends Function<A, B>, Serializable {
    }

    interface SPredicate<A> extends Predicate<A>, Serializable {
    }

    interface SBinary<A> extends BinaryOperator<A>, Serializable {
    }

    interface SConsumer<A> extends Consumer<A>, Serializable {
    }

    interface SComparator<A> extends Comparator<A>, Serializable {
    }

    interface SIntUnary extends IntUnaryOperator, Serializable {
    }

    interface SIntPredicate extends IntPredicate, Serializable {
    }

    interface SIntBinary extends IntBinaryOperator, Serializable {
    }

    interface SIntFunction<A> extends IntFunction<A>, Serializable {
    }

    interface SToInt<A> extends ToIntFunction<A>, Serializable {
    }

    interface SLongUnary extends LongUnaryOperator, Serializable {
    }

    interface SLongPredicate extends LongPredicate, Serializable {
    }

    static <A, B> Function<A, B> f(SFunction<A, B> f) {
        return f;
    }

    static <A> Predicate<A> p(SPredicate<A> p) {
        return p;
    }

    static <A> BinaryOperator<A> op(SBinary<A> op) {
        return op;
    }

    static <A> Consumer<A> c(SConsumer<A> c) {
        return c;
    }

    static <A> Comparator<A> cmp(SComparator<A> c) {
        return c;
    }

    static IntUnaryOperator iu(SIntUnary f) {
        return f;
    }

    static IntPredicate ip(SIntPredicate p) {
        return p;
    }

    static IntBinaryOperator ib(SIntBinary op) {
        return op;
    }

    static <A> IntFunction<A> i2o(SIntFunction<A> f) {
        return f;
    }

    static <A> ToIntFunction<A> o2i(SToInt<A> f) {
        return f;
    }

    static LongUnaryOperator lu(SLongUnary f) {
        return f;
    }

    static LongPredicate lp(SLongPredicate p) {
        return p;
    }

    /**
     * About {@code rounds} multiply-adds of work that the JIT cannot drop, returning {@code i}:
     * CPU-heavy stages whose results are known in closed form.
     */
    static long slowIdentity(long i, int rounds) {
        long x = i;
        for (int k = 0; k < rounds; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x == 42 && i == Long.MIN_VALUE ? -1 : i;
    }
}
