package io.moirai.runtime.stress;

/**
 * Sizes of the stress tests, from system properties so that the {@code long} Maven profile can
 * raise them without touching the code.
 *
 * <ul>
 *   <li>{@code moirai.stress.items}: tasks each stress test moves; 10^6 by default, 10^7 in the
 *       {@code long} profile (see {@code moirai-runtime/pom.xml}).</li>
 *   <li>{@code moirai.stress.hog.divisor}: how much smaller the CPU-hog variants are, since they
 *       share the cores with spinning threads; 4 by default.</li>
 *   <li>{@code moirai.stress.seed}: the seed of every random choice, to replay a failing run; by
 *       default a fresh one, printed by each test.</li>
 * </ul>
 */
final class StressSizes {

    static final long DEFAULT_ITEMS = 1_000_000L;

    private StressSizes() {
    }

    static long items() {
        return Long.getLong("moirai.stress.items", DEFAULT_ITEMS);
    }

    static long hogItems() {
        return Math.max(1L, items() / Long.getLong("moirai.stress.hog.divisor", 4L));
    }

    /** Whether the run asks for the long sizes, which also stretch the bounds on hang detection. */
    static boolean isLong() {
        return items() > DEFAULT_ITEMS;
    }

    static long seed() {
        Long fixed = Long.getLong("moirai.stress.seed");
        return fixed != null ? fixed : System.nanoTime();
    }
}
