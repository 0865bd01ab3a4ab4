package io.moirai.benchmarks.report;

import static io.moirai.benchmarks.report.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    private static final MarkdownReport.Context CONTEXT = new MarkdownReport.Context(
            new Machine("Test CPU", 2, 2, "Linux 6.1 (amd64)", "8.0 GiB"),
            "<JDK 25>/bin/java",
            List.of(new Run("suite", "", "2030-01-01 00:00 UTC", "commit abc1234", List.of("suite.json"), List.of()),
                    new Run("fj", "ForkJoin -f 1", "2030-01-02 00:00 UTC", "commit def5678", List.of("fj.json"), List.of())),
            Map.of("ForkJoinBenchmark", "fj", "ListenerOverheadBenchmark", "suite"), "2030-01-03 00:00 UTC");

    private static final List<JmhResult> RESULTS = List.of(
            result("ForkJoinBenchmark.fibonacci", "thrpt", "moirai", Map.of("n", "30"), 1_200.0, 20.0, "ops/s"),
            result("ForkJoinBenchmark.fibonacci", "thrpt", "fjp", Map.of("n", "30"), 1_000.0, 20.0, "ops/s"),
            result("ForkJoinBenchmark.fibonacci", "thrpt", "fjp-common", Map.of("n", "30"), 900.0, 20.0, "ops/s"),
            result("ListenerOverheadBenchmark.fibonacci", "thrpt", "moirai", 1_000.0, 10.0, "ops/s"),
            result("ListenerOverheadBenchmark.fibonacci", "thrpt", "moirai-noop-listener", 950.0, 10.0, "ops/s"));

    @Test
    void reportsTheMachineTheCommandAndEveryScore() {
        String markdown = MarkdownReport.render(RESULTS, CONTEXT).markdown();

        assertThat(markdown)
                .contains("| CPU | Test CPU, 2 logical CPUs (2 available to the JVM) |")
                .contains("| JVM | JDK 25 (OpenJDK 64-Bit Server VM 25+36), `<JDK 25>/bin/java` |")
                .contains("```sh\n./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package\n")
                .contains("./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Dbench.run=fj '-Djmh.args=ForkJoin -f 1'")
                .contains("# runs: <JDK 25>/bin/java -jar moirai-benchmarks/target/benchmarks.jar ForkJoin -f 1 -rf json "
                        + "-rff docs/benchmarks/results/fj.json")
                .contains("| `fj` | 2030-01-02 00:00 UTC | commit def5678 | ForkJoinBenchmark |")
                .contains("Run `fj`. Recursive fib(n)")
                .contains("| fibonacci | n=30 | 1 | **moirai** | 1,200 | ± 20.00 | ops/s |")
                .contains("| fibonacci | n=30 | 1 | fjp-common | 900.0 | ± 20.00 | ops/s |");
    }

    @Test
    void comparesEachMoiraiVariantWithEachPeerAndChecksTheGoals() {
        String markdown = MarkdownReport.render(RESULTS, CONTEXT).markdown();

        assertThat(markdown)
                .contains("| fibonacci | n=30 | moirai | fjp | 1.20 ± 0.03 | 1.20× ± 0.03 |")
                .contains("| ForkJoinBenchmark | fibonacci (n=30) | moirai ≥ 1.1× fjp | 1.20× ± 0.03 | ✅ |")
                .contains("| ListenerOverheadBenchmark | fibonacci | moirai-noop-listener vs moirai: speed-up, no goal | 0.95× ± 0.01 | for information |")
                .contains("goal(s) could not be checked");
    }

    @Test
    void saysWhichGoalsAreMissed() {
        List<JmhResult> slower = List.of(
                result("ForkJoinBenchmark.fibonacci", "thrpt", "moirai", 1_000.0, 20.0, "ops/s"),
                result("ForkJoinBenchmark.fibonacci", "thrpt", "fjp", 1_000.0, 20.0, "ops/s"));

        String markdown = MarkdownReport.render(slower, CONTEXT).markdown();

        assertThat(markdown)
                .contains("| ForkJoinBenchmark | fibonacci | moirai ≥ 1.1× fjp | 1.00× ± 0.03 | ❌ |")
                .contains("**0 of 1 goal checks met.** Missed:")
                .contains("- ForkJoinBenchmark fibonacci: goal moirai ≥ 1.1× fjp, measured 1.00× ± 0.03");
    }

    @Test
    void springSectionStatesEachMethodsSetupThePeaksAndTheProxysCost() {
        Map<String, String> burst = Map.of("tasks", "512");
        List<JmhResult> spring = List.of(
                result("SpringExecutorBenchmark.execute", "thrpt", "moirai", 4_000_000.0, 40_000.0, "ops/s"),
                result("SpringExecutorBenchmark.execute", "thrpt", "boot-default", 1_000_000.0, 10_000.0, "ops/s"),
                result("SpringExecutorBenchmark.asyncProxyInline", "thrpt", "moirai", 5_000_000.0, 50_000.0, "ops/s"),
                result("SpringExecutorBenchmark.asyncProxyInline", "thrpt", "boot-default", 5_000_000.0, 50_000.0, "ops/s"),
                result("SpringExecutorBenchmark.async", "thrpt", "moirai", 1_000_000.0, 10_000.0, "ops/s"),
                result("SpringExecutorBenchmark.async", "thrpt", "boot-default", 500_000.0, 5_000.0, "ops/s"),
                Results.singleShot("SpringExecutorBenchmark.blockingBurst", "moirai-256", burst, 21.0, 0.5,
                        "peakConcurrency", 256, 256),
                Results.singleShot("SpringExecutorBenchmark.blockingBurst", "boot-default", burst, 650.0, 5.0,
                        "peakConcurrency", 8, 8));

        String markdown = MarkdownReport.render(spring, CONTEXT).markdown();

        assertThat(markdown)
                .contains("- `execute`, `asyncProxyInline`, `async`: Mode `thrpt` (higher is better) · 3 forks")
                .contains("- `blockingBurst`: Mode `ss` (lower is better) · 3 forks")
                .contains("| SpringExecutorBenchmark | execute | moirai ≥ 3.0× boot-default | 4.00× ± 0.06 | ✅ |")
                .contains("| SpringExecutorBenchmark | async | moirai vs boot-default: speed-up, no goal | 2.00× ± 0.03 "
                        + "| for information |")
                .contains("| SpringExecutorBenchmark | blockingBurst (tasks=512) | moirai-256: tasks running at once ≤ 256 "
                        + "| at most 256 (highest of 2 iterations) | ✅ |")
                .contains("**2 of 2 goal checks met.**")
                .contains("| blockingBurst | tasks=512 | **moirai-256** | tasks of the burst running at once "
                        + "(`peakConcurrency`) | 256 | 2 |")
                .contains("| blockingBurst | tasks=512 | boot-default | tasks of the burst running at once "
                        + "(`peakConcurrency`) | 8 | 2 |")
                .contains("| moirai | 200.0 ± 2.000 ns | 250.0 ± 2.500 ns | 1,000 ± 10.00 ns | 20.0% ± 0.3% |")
                .contains("| boot-default | 200.0 ± 2.000 ns | 1,000 ± 10.00 ns | 2,000 ± 20.00 ns | 10.0% ± 0.1% |");
    }

    @Test
    void drawsOneChartPerClassAndLinksIt() {
        MarkdownReport.Output output = MarkdownReport.render(RESULTS, CONTEXT);

        assertThat(output.charts()).containsOnlyKeys("ForkJoinBenchmark.svg", "ListenerOverheadBenchmark.svg");
        assertThat(output.charts().get("ForkJoinBenchmark.svg"))
                .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                .contains(">fjp-common · n=30</text>")
                .endsWith("</svg>\n");
        assertThat(output.markdown()).contains("![ForkJoinBenchmark](benchmarks/ForkJoinBenchmark.svg)");
    }
}
