package io.moirai.simd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A range {@code [from, to)} of an array of {@code length} elements, and the ranges every kernel
 * test runs over: every whole length from 0 to 70 (tails of every size for vectors of up to 64
 * lanes, and both sides of one to four unrolled groups of vectors), larger whole lengths around
 * powers of two, and ranges whose ends are no multiple of any vector length.
 */
record Range(int length, int from, int to) {

    private static final List<Range> ALL = build();

    static List<Range> all() {
        return ALL;
    }

    int size() {
        return to - from;
    }

    boolean isWhole() {
        return from == 0 && to == length;
    }

    private static List<Range> build() {
        List<Range> ranges = new ArrayList<>();
        for (int length = 0; length <= 70; length++) {
            ranges.add(new Range(length, 0, length));
        }
        for (int length : new int[] {127, 128, 129, 255, 256, 257, 1_000, 4_099, 65_537}) {
            ranges.add(new Range(length, 0, length));
        }
        Random random = new Random(42);
        for (int length : new int[] {3, 17, 33, 70, 129, 1_000, 4_099}) {
            for (int k = 0; k < 6; k++) {
                int from = 1 + random.nextInt(Math.min(length - 1, 19));
                int to = from + random.nextInt(length - from + 1);
                ranges.add(new Range(length, from, to));
            }
        }
        ranges.add(new Range(100_000, 7, 99_993));
        return List.copyOf(ranges);
    }
}
