package io.moirai.benchmarks.report;

import static io.moirai.benchmarks.report.Results.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    private static final MarkdownReport.Context CONTEXT = new MarkdownReport.Context(
            new Machine("Test CPU", 2, 2, "Linux 6.1 (amd64)", "8.0 GiB"),
            "./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package",
            "java -jar moirai-benchmarks/target/benchmarks.jar -rf json -rff moirai-benchmarks/target/jmh-result.json",
            List.of("jmh-result.json"), "commit abc1234", "2030-01-01 00:00 UTC");

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
                .contains("| JVM | JDK 25 (OpenJDK 64-Bit Server VM 25+36), `/jdk/bin/java` |")
                .contains("./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package")
                .contains("| fibonacci | n=30 | 1 | **moirai** | 1,200 | ± 20.00 | ops/s |")
                .contains("| fibonacci | n=30 | 1 | fjp-common | 900.0 | ± 20.00 | ops/s |");
    }

    @Test
    void comparesEachMoiraiVariantWithEachPeerAndChecksTheGoals() {
        String markdown = MarkdownReport.render(RESULTS, CONTEXT).markdown();

        assertThat(markdown)
                .contains("| fibonacci | n=30 | moirai | fjp | 1.20 ± 0.03 | 1.20× ± 0.03 |")
                .contains("| ForkJoinBenchmark | fibonacci (n=30) | moirai ≥ 1.1× fjp | 1.20× ± 0.03 | ✅ |")
                .contains("| ListenerOverheadBenchmark | fibonacci | moirai not measurably slower than moirai-noop-listener")
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
