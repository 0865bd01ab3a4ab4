package io.moirai.benchmarks.report;

/**
 * Whether one goal is met in one place of the suite.
 *
 * @param benchmarkClass the benchmark class, e.g. {@code ForkJoinBenchmark}
 * @param scope          the method and parameters the verdict is about
 * @param goal           the goal, as text
 * @param achieved       what was measured, as text
 * @param status         the outcome
 */
public record Verdict(String benchmarkClass, String scope, String goal, String achieved, Status status) {

    /** The outcome of checking a goal, or {@link #INFORMATION} where there is none. */
    public enum Status {
        /** The measured value meets the goal. */
        MET("✅"),
        /** The value misses the goal by less than its error, and the goal asks for no measurable difference. */
        MET_WITHIN_ERROR("✅ (within error)"),
        /**
         * A "≥ N×" goal whose point value reaches N but whose error interval reaches below it: the
         * measurement does not establish the goal (a rerun lands below N about as often as above).
         */
        UNCONFIRMED("≈ (goal inside the error)"),
        /** The value misses the goal. */
        MISSED("❌"),
        /** The run did not include what the goal needs. */
        NOT_MEASURED("not measured"),
        /** A ratio stated for information: no goal to meet or miss. */
        INFORMATION("for information");

        private final String mark;

        Status(String mark) {
            this.mark = mark;
        }

        /** The mark the report shows. */
        public String mark() {
            return mark;
        }
    }
}
