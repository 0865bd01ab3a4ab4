package io.moirai.benchmarks.report;

/**
 * One Moirai variant against one peer, in the same benchmark method with the same other
 * parameters.
 *
 * @param subject the Moirai variant's result
 * @param peer    the peer's result
 */
public record Comparison(JmhResult subject, JmhResult peer) {

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
