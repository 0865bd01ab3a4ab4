package io.moirai.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A claim the suite checks: Moirai faster than a peer by some factor, a score under a bound, or a
 * secondary metric under a bound; or a ratio the report states without a goal.
 */
public sealed interface Goal {

    /** The benchmark class the goal is about. */
    String benchmarkClass();

    /** The goal as the report states it. */
    String describe();

    /**
     * Checks the goal in every method and parameter combination of its class that has the
     * implementations it needs.
     *
     * @param results the results of its class
     * @return one verdict per place checked, or one {@link Verdict.Status#NOT_MEASURED} verdict
     */
    List<Verdict> evaluate(List<JmhResult> results);

    /**
     * Moirai's variant {@code subject} at least {@code minimum} times as fast as {@code peer}
     * (by {@link Comparison#speedUp()}).
     *
     * @param benchmarkClass the class
     * @param method         the benchmark method the goal is about; empty for every method of the class
     * @param subject        the Moirai variant's {@code impl}
     * @param peer           the peer's {@code impl}
     * @param minimum        the smallest acceptable speed-up
     * @param withinError    true for "no measurable difference" goals: also met when the
     *                       speed-up plus its error reaches {@code minimum}
     */
    record SpeedUp(String benchmarkClass, String method, String subject, String peer, double minimum,
                   boolean withinError) implements Goal {

        /**
         * A goal about every method of the class.
         *
         * @param benchmarkClass the class
         * @param subject        the Moirai variant's {@code impl}
         * @param peer           the peer's {@code impl}
         * @param minimum        the smallest acceptable speed-up
         * @param withinError    see {@link SpeedUp}
         */
        public SpeedUp(String benchmarkClass, String subject, String peer, double minimum, boolean withinError) {
            this(benchmarkClass, "", subject, peer, minimum, withinError);
        }

        @Override
        public String describe() {
            String factor = String.format(Locale.ROOT, "%.1f×", minimum);
            return withinError
                    ? subject + " not measurably slower than " + peer + " (speed-up + error ≥ " + factor + ")"
                    : subject + " ≥ " + factor + " " + peer;
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            List<Verdict> verdicts = new ArrayList<>();
            for (Comparison comparison : comparisons(results, method, subject, peer)) {
                Ratio speedUp = comparison.speedUp();
                Verdict.Status status;
                if (speedUp.value() >= minimum) {
                    status = Verdict.Status.MET;
                } else if (withinError && speedUp.hasError() && speedUp.value() + speedUp.error() >= minimum) {
                    status = Verdict.Status.MET_WITHIN_ERROR;
                } else {
                    status = Verdict.Status.MISSED;
                }
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(comparison.subject()), describe(),
                        Formats.factor(speedUp), status));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, method, describe(),
                        "needs impl=" + subject + " and impl=" + peer, Verdict.Status.NOT_MEASURED));
            }
            return verdicts;
        }
    }

    /**
     * No goal, but a ratio the report states beside the goals: how many times as fast Moirai's
     * variant {@code subject} is as {@code peer} in one method.
     *
     * @param benchmarkClass the class
     * @param method         the benchmark method; empty for every method of the class
     * @param subject        the Moirai variant's {@code impl}
     * @param peer           the peer's {@code impl}
     */
    record ForInformation(String benchmarkClass, String method, String subject, String peer) implements Goal {

        @Override
        public String describe() {
            return subject + " vs " + peer + ": speed-up, no goal";
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            List<Verdict> verdicts = new ArrayList<>();
            for (Comparison comparison : comparisons(results, method, subject, peer)) {
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(comparison.subject()), describe(),
                        Formats.factor(comparison.speedUp()), Verdict.Status.INFORMATION));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, method, describe(),
                        "needs impl=" + subject + " and impl=" + peer, Verdict.Status.NOT_MEASURED));
            }
            return verdicts;
        }
    }

    /**
     * Moirai's variant {@code subject} against {@code peer} in each method and parameter
     * combination that has both (in {@code method} only, unless it is empty).
     */
    private static List<Comparison> comparisons(List<JmhResult> results, String method, String subject, String peer) {
        Map<String, List<JmhResult>> groups = results.stream()
                .filter(r -> method.isEmpty() || method.equals(r.method()))
                .collect(Collectors.groupingBy(JmhResult::groupKey, java.util.LinkedHashMap::new, Collectors.toList()));
        List<Comparison> comparisons = new ArrayList<>();
        for (List<JmhResult> group : groups.values()) {
            Map<String, JmhResult> byImpl = group.stream()
                    .collect(Collectors.toMap(JmhResult::impl, Function.identity(), (a, b) -> a));
            JmhResult s = byImpl.get(subject);
            JmhResult p = byImpl.get(peer);
            if (s != null && p != null) {
                comparisons.add(new Comparison(s, p));
            }
        }
        return comparisons;
    }

    /**
     * A secondary metric of Moirai's variant {@code subject} never above {@code maximum} in any
     * measured iteration of any fork, e.g. the peak concurrency an {@code @AuxCounters} field
     * records once per operation of a single-shot benchmark.
     *
     * @param benchmarkClass the class
     * @param method         the benchmark method that records the metric
     * @param subject        the Moirai variant's {@code impl}
     * @param metric         the secondary metric's name in JMH's results
     * @param meaning        what the metric counts, for the report, e.g. "tasks running at once"
     * @param maximum        the largest acceptable value
     */
    record MetricAtMost(String benchmarkClass, String method, String subject, String metric, String meaning,
                        double maximum) implements Goal {

        @Override
        public String describe() {
            return subject + ": " + meaning + " ≤ " + Formats.count(maximum);
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            List<Verdict> verdicts = new ArrayList<>();
            for (JmhResult r : results) {
                if (!subject.equals(r.impl()) || !method.equals(r.method())) {
                    continue;
                }
                JmhResult.Metric m = r.secondary().get(metric);
                if (m == null || m.samples() == 0) {
                    verdicts.add(new Verdict(benchmarkClass, Formats.scope(r), describe(),
                            "no " + metric + " recorded", Verdict.Status.NOT_MEASURED));
                    continue;
                }
                String achieved = "at most " + Formats.count(m.maximum()) + " (highest of " + m.samples()
                        + (m.samples() == 1 ? " iteration)" : " iterations)");
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(r), describe(), achieved,
                        m.maximum() <= maximum ? Verdict.Status.MET : Verdict.Status.MISSED));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, method, describe(), "needs impl=" + subject,
                        Verdict.Status.NOT_MEASURED));
            }
            return verdicts;
        }
    }

    /**
     * Moirai's variant {@code subject} scores at most {@code maximum} (or below it, when
     * {@code strict}), in {@code unit}; a lower score is better.
     *
     * @param benchmarkClass the class
     * @param subject        the Moirai variant's {@code impl}
     * @param maximum        the bound
     * @param unit           the bound's unit; a result in another time unit is converted
     * @param strict         {@code <} rather than {@code ≤}
     */
    record UpperBound(String benchmarkClass, String subject, double maximum, String unit, boolean strict)
            implements Goal {

        @Override
        public String describe() {
            return subject + (strict ? " < " : " ≤ ") + Formats.number(maximum) + " " + unit;
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            List<Verdict> verdicts = new ArrayList<>();
            for (JmhResult r : results) {
                if (!subject.equals(r.impl())) {
                    continue;
                }
                double factor = Units.factor(r.unit(), unit);
                if (Double.isNaN(factor)) {
                    verdicts.add(new Verdict(benchmarkClass, Formats.scope(r), describe(),
                            "measured in " + r.unit() + ", not comparable", Verdict.Status.NOT_MEASURED));
                    continue;
                }
                double value = r.score() * factor;
                boolean met = strict ? value < maximum : value <= maximum;
                String achieved = Formats.number(value) + (Double.isFinite(r.error()) ? " ± " + Formats.number(r.error() * factor) : "")
                        + " " + unit;
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(r), describe(), achieved,
                        met ? Verdict.Status.MET : Verdict.Status.MISSED));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, "", describe(), "needs impl=" + subject,
                        Verdict.Status.NOT_MEASURED));
            }
            return verdicts;
        }
    }
}
