package io.moirai.benchmarks.report;

import static io.moirai.benchmarks.report.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoalTest {

    @Test
    void throughputGoalIsMetWhenMoiraiScoresThatManyTimesThePeer() {
        Goal goal = new Goal.SpeedUp("ExternalSubmitBenchmark", "moirai", "tpe", 2.0, false);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("ExternalSubmitBenchmark.oneSubmitter", "thrpt", "moirai", 2_100.0, 10.0, "ops/s"),
                result("ExternalSubmitBenchmark.oneSubmitter", "thrpt", "tpe", 1_000.0, 10.0, "ops/s"),
                result("ExternalSubmitBenchmark.fourSubmitters", "thrpt", "moirai", 1_900.0, 10.0, "ops/s"),
                result("ExternalSubmitBenchmark.fourSubmitters", "thrpt", "tpe", 1_000.0, 10.0, "ops/s")));

        assertThat(verdicts).extracting(Verdict::scope, Verdict::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("oneSubmitter", Verdict.Status.MET),
                org.assertj.core.groups.Tuple.tuple("fourSubmitters", Verdict.Status.MISSED));
    }

    @Test
    void atLeastGoalWhoseErrorReachesBelowTheFactorIsNotConfirmed() {
        Goal goal = new Goal.SpeedUp("ForkJoinBenchmark", "moirai", "fjp", 1.1, false);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("ForkJoinBenchmark.fibonacci", "thrpt", "moirai", 825.8, 132.8, "ops/s"),
                result("ForkJoinBenchmark.fibonacci", "thrpt", "fjp", 747.0, 32.24, "ops/s")));

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.UNCONFIRMED);
            assertThat(v.achieved()).startsWith("1.11×");
        });
    }

    @Test
    void resultsOfFewerThanThreeForksGiveNoRatio() {
        Goal goal = new Goal.SpeedUp("ForkJoinBenchmark", "moirai", "fjp", 1.1, false);

        List<Verdict> verdicts = goal.evaluate(List.of(
                Results.forks("ForkJoinBenchmark.fibonacci", "moirai", 900.0),
                Results.forks("ForkJoinBenchmark.fibonacci", "fjp", 700.0)));

        assertThat(verdicts).noneMatch(v -> v.status() == Verdict.Status.MET || v.status() == Verdict.Status.MISSED);
        assertThat(MarkdownReport.comparisons("ForkJoinBenchmark", List.of(
                Results.forks("ForkJoinBenchmark.fibonacci", "moirai", 900.0, 910.0),
                Results.forks("ForkJoinBenchmark.fibonacci", "fjp", 700.0, 710.0)))).isEmpty();
    }

    @Test
    void worstForkGoalJudgesMoiraisLowestForkAgainstThePeersMedianForkAndListsEveryFork() {
        Goal goal = new Goal.WorstForkSpeedUp("SpscQueueBenchmark", "moirai", "jctools", 0.9);

        List<Verdict> met = goal.evaluate(List.of(
                Results.forks("SpscQueueBenchmark.handOff", "moirai", 95.0, 120.0, 130.0),
                Results.forks("SpscQueueBenchmark.handOff", "jctools", 60.0, 100.0, 140.0)));
        List<Verdict> missed = goal.evaluate(List.of(
                Results.forks("SpscQueueBenchmark.handOff", "moirai", 40.0, 200.0, 210.0),
                Results.forks("SpscQueueBenchmark.handOff", "jctools", 100.0, 100.0, 100.0)));

        assertThat(met).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.MET);
            assertThat(v.achieved()).startsWith("0.95×").contains("95", "120", "130", "60", "140");
        });
        assertThat(missed).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.MISSED);
            assertThat(v.achieved()).startsWith("0.40×");
        });
    }

    @Test
    void worstForkGoalIsNotMeasuredWithoutPerForkData() {
        Goal goal = new Goal.WorstForkSpeedUp("SpscQueueBenchmark", "moirai", "jctools", 0.9);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("SpscQueueBenchmark.handOff", "thrpt", "moirai", 100.0, 1.0, "ops/s"),
                result("SpscQueueBenchmark.handOff", "thrpt", "jctools", 100.0, 1.0, "ops/s")));

        assertThat(verdicts).extracting(Verdict::status).containsExactly(Verdict.Status.NOT_MEASURED);
    }

    @Test
    void timeGoalComparesThePeersTimeWithMoirais() {
        Goal goal = new Goal.SpeedUp("BlockingLaneBenchmark", "moirai-10k", "vthreads", 0.9, false);
        Map<String, String> params = Map.of("tasks", "10000");

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("BlockingLaneBenchmark.burst", "ss", "moirai-10k", params, 105.0, 2.0, "ms/op"),
                result("BlockingLaneBenchmark.burst", "ss", "vthreads", params, 100.0, 2.0, "ms/op")));

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.MET);
            assertThat(v.achieved()).startsWith("0.95×");
            assertThat(v.scope()).isEqualTo("burst (tasks=10000)");
        });
    }

    @Test
    void noMeasurableDifferenceGoalNeedsThePointRatioWithinFivePercent() {
        Goal goal = new Goal.SpeedUp("ExternalSubmitBenchmark", "moirai", "fjp", 1.0, true);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("ExternalSubmitBenchmark.twoSubmitters", "thrpt", "moirai", 80.0, 30.0, "ops/s"),
                result("ExternalSubmitBenchmark.twoSubmitters", "thrpt", "fjp", 100.0, 1.0, "ops/s")));

        assertThat(verdicts).extracting(Verdict::status).containsExactly(Verdict.Status.MISSED);
        assertThat(goal.describe()).contains("speed-up ≥ 0.95×");
    }

    @Test
    void noMeasurableDifferenceGoalAcceptsAGapSmallerThanTheError() {
        Goal goal = new Goal.SpeedUp("SpawnCostBenchmark", "moirai", "fjp", 1.0, true);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("SpawnCostBenchmark.fromWorker", "avgt", "moirai", 41.0, 2.0, "ns/op"),
                result("SpawnCostBenchmark.fromWorker", "avgt", "fjp", 40.0, 2.0, "ns/op"),
                result("SpawnCostBenchmark.fromExternalThread", "avgt", "moirai", 60.0, 1.0, "ns/op"),
                result("SpawnCostBenchmark.fromExternalThread", "avgt", "fjp", 40.0, 1.0, "ns/op")));

        assertThat(verdicts).extracting(Verdict::status)
                .containsExactly(Verdict.Status.MET_WITHIN_ERROR, Verdict.Status.MISSED);
    }

    @Test
    void upperBoundConvertsTheResultIntoTheGoalsUnit() {
        Goal goal = new Goal.UpperBound("SpawnCostBenchmark", "moirai", 50.0, "ns/op", false);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("SpawnCostBenchmark.fromWorker", "avgt", "moirai", 0.045, 0.001, "us/op"),
                result("SpawnCostBenchmark.fromWorker", "avgt", "fjp", 0.010, 0.001, "us/op")));

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.MET);
            assertThat(v.achieved()).isEqualTo("45.00 ± 1.000 ns/op");
        });
    }

    @Test
    void strictUpperBoundInKilobytesFailsAtTheBound() {
        Goal goal = new Goal.UpperBound("IdleFootprint", "moirai", 256.0, "KB", true);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("footprint.IdleFootprint.retainedHeap", "footprint", "moirai", 262_144.0, Double.NaN, "B")));

        assertThat(verdicts).singleElement().extracting(Verdict::status).isEqualTo(Verdict.Status.MISSED);
    }

    @Test
    void goalAboutOneMethodIgnoresTheOtherMethodsOfItsClass() {
        Goal goal = new Goal.SpeedUp("SpringExecutorBenchmark", "execute", "moirai", "boot-default", 3.0, false);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("SpringExecutorBenchmark.execute", "thrpt", "moirai", 3_100.0, 10.0, "ops/s"),
                result("SpringExecutorBenchmark.execute", "thrpt", "boot-default", 1_000.0, 10.0, "ops/s"),
                result("SpringExecutorBenchmark.async", "thrpt", "moirai", 1_000.0, 10.0, "ops/s"),
                result("SpringExecutorBenchmark.async", "thrpt", "boot-default", 1_000.0, 10.0, "ops/s")));

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.scope()).isEqualTo("execute");
            assertThat(v.status()).isEqualTo(Verdict.Status.MET);
        });
    }

    @Test
    void goalAboutOneMethodIsNotMeasuredWhenThatMethodDidNotRun() {
        Goal goal = new Goal.SpeedUp("SpringExecutorBenchmark", "blockingBurst", "moirai-512", "boot-default", 50.0, false);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("SpringExecutorBenchmark.execute", "thrpt", "moirai-512", 3_100.0, 10.0, "ops/s"),
                result("SpringExecutorBenchmark.execute", "thrpt", "boot-default", 1_000.0, 10.0, "ops/s")));

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.scope()).isEqualTo("blockingBurst");
            assertThat(v.status()).isEqualTo(Verdict.Status.NOT_MEASURED);
        });
    }

    @Test
    void ratioForInformationIsStatedWithoutAVerdict() {
        Goal goal = new Goal.ForInformation("SpringExecutorBenchmark", "async", "moirai", "boot-default");

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("SpringExecutorBenchmark.async", "thrpt", "moirai", 1_500.0, 15.0, "ops/s"),
                result("SpringExecutorBenchmark.async", "thrpt", "boot-default", 1_000.0, 10.0, "ops/s")));

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.INFORMATION);
            assertThat(v.achieved()).isEqualTo("1.50× ± 0.02");
        });
    }

    @Test
    void secondaryMetricBoundHoldsOnlyWhenNoIterationExceedsIt() {
        Goal goal = new Goal.MetricAtMost("SpringExecutorBenchmark", "blockingBurst", "moirai-256", "peakConcurrency",
                "tasks running at once", 256.0);
        Map<String, String> params = Map.of("tasks", "512");

        List<Verdict> held = goal.evaluate(List.of(Results.singleShot("SpringExecutorBenchmark.blockingBurst",
                "moirai-256", params, 21.0, 0.5, "peakConcurrency", 256, 250, 256)));
        List<Verdict> broken = goal.evaluate(List.of(Results.singleShot("SpringExecutorBenchmark.blockingBurst",
                "moirai-256", params, 21.0, 0.5, "peakConcurrency", 256, 257, 256)));
        List<Verdict> absent = goal.evaluate(List.of(
                result("SpringExecutorBenchmark.blockingBurst", "ss", "moirai-256", params, 21.0, 0.5, "ms/op")));

        assertThat(held).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.MET);
            assertThat(v.goal()).isEqualTo("moirai-256: tasks running at once ≤ 256");
            assertThat(v.achieved()).isEqualTo("at most 256 (highest of 3 iterations)");
            assertThat(v.scope()).isEqualTo("blockingBurst (tasks=512)");
        });
        assertThat(broken).singleElement().extracting(Verdict::status).isEqualTo(Verdict.Status.MISSED);
        assertThat(absent).singleElement().extracting(Verdict::status).isEqualTo(Verdict.Status.NOT_MEASURED);
    }

    @Test
    void goalWhoseImplementationsDidNotRunIsReportedAsNotMeasured() {
        Goal goal = new Goal.SpeedUp("ForkJoinBenchmark", "moirai", "fjp", 1.1, false);

        List<Verdict> verdicts = goal.evaluate(List.of(
                result("ForkJoinBenchmark.fibonacci", "thrpt", "moirai", 800.0, 10.0, "ops/s")));

        assertThat(verdicts).singleElement().extracting(Verdict::status).isEqualTo(Verdict.Status.NOT_MEASURED);
    }

    @Test
    void goalRestrictedToSomeParameterValuesIgnoresTheOthers() {
        Goal goal = new Goal.SpeedUp("SimdReductionBenchmark", "moirai", "scalar-loop", 4.0, false).where("size", "4096");
        List<JmhResult> results = List.of(
                result("SimdReductionBenchmark.sum", "thrpt", "moirai", Map.of("size", "4096"), 50.0, 1.0, "ops/s"),
                result("SimdReductionBenchmark.sum", "thrpt", "scalar-loop", Map.of("size", "4096"), 10.0, 1.0, "ops/s"),
                result("SimdReductionBenchmark.sum", "thrpt", "moirai", Map.of("size", "134217728"), 2.0, 0.1, "ops/s"),
                result("SimdReductionBenchmark.sum", "thrpt", "scalar-loop", Map.of("size", "134217728"), 1.0, 0.1, "ops/s"));

        List<Verdict> verdicts = goal.evaluate(results);

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.MET);
            assertThat(v.goal()).isEqualTo("moirai ≥ 4.0× scalar-loop where size ∈ {4096}");
        });
    }

    @Test
    void bandwidthShareComparesBytesPerSecondWithTheBestReferenceMethod() {
        Goal goal = new Goal.BandwidthShare("SimdReductionBenchmark", "moirai", "1000",
                Map.of("sum", 4, "copy", 8, "triad", 12), "MemoryBandwidthBenchmark", 0.8);
        List<JmhResult> results = List.of(
                result("SimdReductionBenchmark.sum", "thrpt", "moirai", Map.of("size", "1000"), 2_000_000.0, 1.0, "ops/s"),
                result("SimdReductionBenchmark.sum", "thrpt", "moirai", Map.of("size", "10"), 9e9, 1.0, "ops/s"),
                result("MemoryBandwidthBenchmark.copy", "thrpt", "stream", Map.of("size", "1000"), 1_000_000.0, 1.0, "ops/s"),
                result("MemoryBandwidthBenchmark.triad", "thrpt", "stream", Map.of("size", "1000"), 800.0, 1.0, "ops/ms"));

        assertThat(goal.reads("MemoryBandwidthBenchmark")).isTrue();
        assertThat(goal.evaluate(results)).singleElement().satisfies(v -> {
            // sum: 2e6 passes/s × 4 B × 1000 = 8 GB/s; triad: 8e5 passes/s × 12 B × 1000 = 9.6 GB/s, the best.
            assertThat(v.achieved()).isEqualTo("83% (8.0 of 9.6 GB/s, triad)");
            assertThat(v.status()).isEqualTo(Verdict.Status.MET);
        });
    }

    @Test
    void overheadSubtractsTheBaselinesTimeWithinEachParameterCombination() {
        Goal goal = new Goal.Overhead("IterFixedCostBenchmark", "moirai-sequential", "loop", 500.0, "ns/op", Map.of());
        List<JmhResult> results = List.of(
                result("IterFixedCostBenchmark.pipeline", "avgt", "moirai-sequential", Map.of("n", "10"), 0.140, 0.003, "us/op"),
                result("IterFixedCostBenchmark.pipeline", "avgt", "loop", Map.of("n", "10"), 0.020, 0.004, "us/op"),
                result("IterFixedCostBenchmark.pipeline", "avgt", "moirai-sequential", Map.of("n", "1000"), 2.0, 0.0, "us/op"),
                result("IterFixedCostBenchmark.pipeline", "avgt", "loop", Map.of("n", "1000"), 1.2, 0.0, "us/op"));

        assertThat(goal.evaluate(results)).extracting(Verdict::achieved, Verdict::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("120.0 ± 5.000 ns/op", Verdict.Status.MET),
                org.assertj.core.groups.Tuple.tuple("800.0 ± 0.000 ns/op", Verdict.Status.MISSED));
    }
}
