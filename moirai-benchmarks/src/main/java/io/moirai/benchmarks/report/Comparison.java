package io.moirai.benchmarks.report;

/**
 * One Moirai variant against one peer, in the same benchmark method with the same other
 * parameters.
 *
 * @param subject the Moirai variant's result
 * @param peer    the peer's result
 */
public record Comparison(JmhResult subject, JmhResult peer) {

    /**
     * Fewest forks a result needs for a ratio: fewer say nothing about the spread between JVMs,
     * which on a small machine is often the largest part of the error.
     */
    public static final int MIN_FORKS = 3;

    /** Whether both results have {@link #MIN_FORKS} forks, so that their ratio means something. */
    public static boolean comparable(JmhResult subject, JmhResult peer) {
        return subject.forks() >= MIN_FORKS && peer.forks() >= MIN_FORKS;
    }

    /** Moirai's score divided by the peer's, with its error. */
    public Ratio ratio() {
        return Ratio.of(subject.score(), subject.error(), peer.score(), peer.error());
    }

    /**
     * How many times faster (or smaller) Moirai is: the score ratio where higher is better, its
     * inverse where lower is better. Above 1 means Moirai wins.
     */
    public Ratio speedUp() {
        return subject.higherIsBetter() ? ratio() : ratio().inverse();
    }
}
