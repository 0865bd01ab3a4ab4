package io.moirai.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A claim the suite checks: Moirai faster than a peer by some factor, or a score under a bound. */
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
     * @param subject        the Moirai variant's {@code impl}
     * @param peer           the peer's {@code impl}
     * @param minimum        the smallest acceptable speed-up
     * @param withinError    true for "no measurable difference" goals: also met when the
     *                       speed-up plus its error reaches {@code minimum}
     */
    record SpeedUp(String benchmarkClass, String subject, String peer, double minimum, boolean withinError)
            implements Goal {

        @Override
        public String describe() {
            String factor = String.format(Locale.ROOT, "%.1f×", minimum);
            return withinError
                    ? subject + " not measurably slower than " + peer + " (speed-up + error ≥ " + factor + ")"
                    : subject + " ≥ " + factor + " " + peer;
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            Map<String, List<JmhResult>> groups = results.stream()
                    .collect(Collectors.groupingBy(JmhResult::groupKey, java.util.LinkedHashMap::new, Collectors.toList()));
            List<Verdict> verdicts = new ArrayList<>();
            for (List<JmhResult> group : groups.values()) {
                Map<String, JmhResult> byImpl = group.stream()
                        .collect(Collectors.toMap(JmhResult::impl, Function.identity(), (a, b) -> a));
                JmhResult s = byImpl.get(subject);
                JmhResult p = byImpl.get(peer);
                if (s == null || p == null) {
                    continue;
                }
                Ratio speedUp = new Comparison(s, p).speedUp();
                Verdict.Status status;
                if (speedUp.value() >= minimum) {
                    status = Verdict.Status.MET;
                } else if (withinError && speedUp.hasError() && speedUp.value() + speedUp.error() >= minimum) {
                    status = Verdict.Status.MET_WITHIN_ERROR;
                } else {
                    status = Verdict.Status.MISSED;
                }
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(s), describe(), Formats.factor(speedUp), status));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, "", describe(),
                        "needs impl=" + subject + " and impl=" + peer, Verdict.Status.NOT_MEASURED));
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
