package io.moirai.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
     * Whether the goal reads results of a class: by default only its own.
     *
     * @param className a benchmark class's simple name
     * @return true if {@link #evaluate} needs that class's results
     */
    default boolean reads(String className) {
        return benchmarkClass().equals(className);
    }

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
                   boolean withinError, Map<String, Set<String>> where) implements Goal {

        /** Copies {@code where}, which restricts the goal to results with those parameter values. */
        public SpeedUp {
            where = Map.copyOf(where);
        }

        /**
         * A "not measurably slower" goal also needs the point ratio at this fraction of the goal or
         * above: a wide error bar alone does not meet it.
         */
        static final double WITHIN_ERROR_FLOOR = 0.95;

        /** A goal on every method and parameter combination of the class. */
        public SpeedUp(String benchmarkClass, String subject, String peer, double minimum, boolean withinError) {
            this(benchmarkClass, "", subject, peer, minimum, withinError, Map.of());
        }

        /** A goal on one method (every method when empty). */
        public SpeedUp(String benchmarkClass, String method, String subject, String peer, double minimum,
                       boolean withinError) {
            this(benchmarkClass, method, subject, peer, minimum, withinError, Map.of());
        }

        /**
         * The same goal, checked only where a parameter has one of the given values.
         *
         * @param param  the parameter's name, e.g. {@code size}
         * @param values the values where the goal applies
         * @return the restricted goal
         */
        public SpeedUp where(String param, String... values) {
            Map<String, Set<String>> restricted = new java.util.HashMap<>(where);
            restricted.put(param, Set.of(values));
            return new SpeedUp(benchmarkClass, method, subject, peer, minimum, withinError, restricted);
        }

        @Override
        public String describe() {
            String factor = String.format(Locale.ROOT, "%.1f×", minimum);
            String floor = String.format(Locale.ROOT, "%.2f×", minimum * WITHIN_ERROR_FLOOR);
            String text = withinError
                    ? subject + " not measurably slower than " + peer + " (speed-up + error ≥ " + factor
                            + " and speed-up ≥ " + floor + ")"
                    : subject + " ≥ " + factor + " " + peer;
            return text + describeWhere(where);
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            List<Verdict> verdicts = new ArrayList<>();
            List<JmhResult> applicable = applicable(results, where);
            for (Comparison comparison : comparisons(applicable, method, subject, peer)) {
                Ratio speedUp = comparison.speedUp();
                Verdict.Status status;
                if (speedUp.value() >= minimum) {
                    // A "≥ N×" goal is met only when the whole error interval clears N; a "not
                    // measurably slower" goal is met by the point value, as before.
                    status = !withinError && speedUp.hasError() && speedUp.value() - speedUp.error() < minimum
                            ? Verdict.Status.UNCONFIRMED
                            : Verdict.Status.MET;
                } else if (withinError && speedUp.hasError() && speedUp.value() + speedUp.error() >= minimum
                        && speedUp.value() >= minimum * WITHIN_ERROR_FLOOR) {
                    status = Verdict.Status.MET_WITHIN_ERROR;
                } else {
                    status = Verdict.Status.MISSED;
                }
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(comparison.subject()), describe(),
                        Formats.factor(speedUp), status));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, method, describe(),
                        needs(subject, peer), Verdict.Status.NOT_MEASURED));
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
                        needs(subject, peer), Verdict.Status.NOT_MEASURED));
            }
            return verdicts;
        }
    }

    /**
     * Moirai's variant {@code subject} against {@code peer} in each method and parameter
     * combination that has both (in {@code method} only, unless it is empty).
     */
    /** The results whose parameters have one of the allowed values, for every restricted parameter. */
    private static List<JmhResult> applicable(List<JmhResult> results, Map<String, Set<String>> where) {
        return results.stream().filter(r -> where.entrySet().stream()
                .allMatch(w -> r.params().get(w.getKey()) != null
                        && w.getValue().contains(r.params().get(w.getKey())))).toList();
    }

    /** How a goal states its restriction: empty when there is none. */
    private static String describeWhere(Map<String, Set<String>> where) {
        return where.isEmpty() ? "" : " where " + where.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(w -> w.getKey() + " ∈ {" + String.join(", ", w.getValue().stream().sorted().toList()) + "}")
                .collect(Collectors.joining(", "));
    }

    /** Why a comparison has no verdict: an implementation missing, or measured in too few forks. */
    private static String needs(String subject, String peer) {
        return "needs impl=" + subject + " and impl=" + peer + ", each in at least " + Comparison.MIN_FORKS + " forks";
    }

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
            if (s != null && p != null && Comparison.comparable(s, p)) {
                comparisons.add(new Comparison(s, p));
            }
        }
        return comparisons;
    }

    /**
     * Moirai's variant {@code subject} at least {@code minimum} times as fast as {@code peer} even
     * in its worst fork: the subject's worst fork mean (lowest throughput, highest time) against
     * the peer's median fork mean. For benchmarks whose forks settle in different modes (queues
     * whose head and tail land on one cache line in some forks), where JMH's mean over all forks
     * hides a bad mode. The verdict lists every fork's mean of both.
     *
     * @param benchmarkClass the class
     * @param subject        the Moirai variant's {@code impl}
     * @param peer           the peer's {@code impl}
     * @param minimum        the smallest acceptable worst-fork speed-up
     */
    record WorstForkSpeedUp(String benchmarkClass, String subject, String peer, double minimum) implements Goal {

        @Override
        public String describe() {
            return subject + "'s worst fork ≥ " + String.format(Locale.ROOT, "%.1f×", minimum) + " " + peer
                    + "'s median fork";
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            List<Verdict> verdicts = new ArrayList<>();
            for (Comparison c : comparisons(results, "", subject, peer)) {
                List<Double> mine = c.subject().forkMeans();
                List<Double> theirs = c.peer().forkMeans();
                if (mine.isEmpty() || theirs.isEmpty()) {
                    verdicts.add(new Verdict(benchmarkClass, Formats.scope(c.subject()), describe(),
                            "no per-fork data", Verdict.Status.NOT_MEASURED));
                    continue;
                }
                boolean higher = c.subject().higherIsBetter();
                double worst = higher ? java.util.Collections.min(mine) : java.util.Collections.max(mine);
                double median = median(theirs);
                double speedUp = higher ? worst / median : median / worst;
                String achieved = String.format(Locale.ROOT, "%.2f× (forks: %s %s; %s %s)", speedUp, subject,
                        forks(mine), peer, forks(theirs));
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(c.subject()), describe(), achieved,
                        speedUp >= minimum ? Verdict.Status.MET : Verdict.Status.MISSED));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, "", describe(), needs(subject, peer),
                        Verdict.Status.NOT_MEASURED));
            }
            return verdicts;
        }

        private static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        private static String forks(List<Double> means) {
            return means.stream().map(Formats::number).collect(Collectors.joining(" / "));
        }
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

    /**
     * The bandwidth a kernel reaches over arrays too large for the caches, as a share of the
     * memory bandwidth a STREAM-like benchmark measures on the same machine in the same suite.
     * Bandwidth is a pass's bytes per second: the score (passes per second) times the bytes a
     * pass reads and writes ({@code bytesPerElement} of the method times the {@code size}
     * parameter); the reference is the best of the reference class's methods.
     *
     * @param benchmarkClass  the kernel's class
     * @param subject         the implementation checked, e.g. {@code moirai}
     * @param size            the {@code size} parameter where it is checked (elements per array)
     * @param bytesPerElement bytes per element of each method measured, kernel and reference
     * @param referenceClass  the class that measures the memory bandwidth
     * @param minimumShare    the share to reach, e.g. 0.8
     */
    record BandwidthShare(String benchmarkClass, String subject, String size, Map<String, Integer> bytesPerElement,
                          String referenceClass, double minimumShare) implements Goal {

        /** Copies the map. */
        public BandwidthShare {
            bytesPerElement = Map.copyOf(bytesPerElement);
        }

        @Override
        public boolean reads(String className) {
            return benchmarkClass.equals(className) || referenceClass.equals(className);
        }

        @Override
        public String describe() {
            return subject + " ≥ " + Math.round(minimumShare * 100) + "% of the memory bandwidth (" + referenceClass + ")";
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            double reference = 0;
            String referenceMethod = "";
            for (JmhResult r : results) {
                double bandwidth = bandwidth(r);
                if (r.className().equals(referenceClass) && bandwidth > reference) {
                    reference = bandwidth;
                    referenceMethod = r.method();
                }
            }
            List<Verdict> verdicts = new ArrayList<>();
            for (JmhResult r : results) {
                if (!r.className().equals(benchmarkClass) || !subject.equals(r.impl()) || !size.equals(r.params().get("size"))) {
                    continue;
                }
                double bandwidth = bandwidth(r);
                if (reference <= 0 || Double.isNaN(bandwidth)) {
                    verdicts.add(new Verdict(benchmarkClass, Formats.scope(r), describe(),
                            "needs " + referenceClass + " in the same report", Verdict.Status.NOT_MEASURED));
                    continue;
                }
                double share = bandwidth / reference;
                String achieved = String.format(Locale.ROOT, "%.0f%% (%.1f of %.1f GB/s, %s)", share * 100,
                        bandwidth / 1e9, reference / 1e9, referenceMethod);
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(r), describe(), achieved,
                        share >= minimumShare ? Verdict.Status.MET : Verdict.Status.MISSED));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, "", describe(), "needs impl=" + subject + " at size=" + size,
                        Verdict.Status.NOT_MEASURED));
            }
            return verdicts;
        }

        /** Bytes per second, or NaN where the method's bytes or the size are unknown. */
        private double bandwidth(JmhResult r) {
            Integer bytes = bytesPerElement.get(r.method());
            String elements = r.params().get("size");
            double perSecond = Units.factor(r.unit(), "ops/s");
            if (bytes == null || elements == null || Double.isNaN(perSecond)) {
                return Double.NaN;
            }
            return r.score() * perSecond * bytes * Double.parseDouble(elements);
        }
    }

    /**
     * A fixed cost: the subject's time minus a baseline's time, within each method and parameter
     * combination, at most a bound. For average-time benchmarks, e.g. a pipeline against the
     * hand-written loop it replaces.
     *
     * @param benchmarkClass the class's simple name
     * @param subject        the implementation checked
     * @param baseline       the implementation whose time is the floor
     * @param maximum        the largest overhead allowed, in {@code unit}
     * @param unit           a time per operation, e.g. {@code ns/op}
     * @param where          parameter values the goal is restricted to (empty: everywhere)
     */
    record Overhead(String benchmarkClass, String subject, String baseline, double maximum, String unit,
                    Map<String, Set<String>> where) implements Goal {

        /** Copies {@code where}. */
        public Overhead {
            where = Map.copyOf(where);
        }

        @Override
        public String describe() {
            String text = subject + " − " + baseline + " < " + Formats.number(maximum) + " " + unit;
            return text + describeWhere(where);
        }

        @Override
        public List<Verdict> evaluate(List<JmhResult> results) {
            List<JmhResult> applicable = applicable(results, where);
            List<Verdict> verdicts = new ArrayList<>();
            for (Comparison c : comparisons(applicable, "", subject, baseline)) {
                double toUnit = Units.factor(c.subject().unit(), unit);
                if (Double.isNaN(toUnit) || !c.subject().unit().equals(c.peer().unit())) {
                    verdicts.add(new Verdict(benchmarkClass, Formats.scope(c.subject()), describe(),
                            "measured in " + c.subject().unit() + ", not comparable", Verdict.Status.NOT_MEASURED));
                    continue;
                }
                double overhead = (c.subject().score() - c.peer().score()) * toUnit;
                double error = Math.hypot(finite(c.subject().error()), finite(c.peer().error())) * toUnit;
                verdicts.add(new Verdict(benchmarkClass, Formats.scope(c.subject()), describe(),
                        Formats.number(overhead) + " ± " + Formats.number(error) + " " + unit,
                        overhead < maximum ? Verdict.Status.MET : Verdict.Status.MISSED));
            }
            if (verdicts.isEmpty()) {
                verdicts.add(new Verdict(benchmarkClass, "", describe(), needs(subject, baseline),
                        Verdict.Status.NOT_MEASURED));
            }
            return verdicts;
        }

        private static double finite(double error) {
            return Double.isFinite(error) ? error : 0;
        }
    }
}
