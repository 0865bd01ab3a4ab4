package io.moirai.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultTest {

    private static final String JMH_JSON = """
            [
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "io.moirai.benchmarks.ForkJoinBenchmark.fibonacci",
                    "mode" : "thrpt",
                    "threads" : 1,
                    "forks" : 3,
                    "jvm" : "/opt/jdk-25/bin/java",
                    "jvmArgs" : [ "-Xms2g", "-Xmx2g" ],
                    "jdkVersion" : "25.0.3",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "25.0.3+9-LTS",
                    "warmupIterations" : 3,
                    "warmupTime" : "1 s",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : 5,
                    "measurementTime" : "1 s",
                    "measurementBatchSize" : 1,
                    "params" : { "impl" : "moirai", "n" : "30", "threshold" : "13" },
                    "primaryMetric" : {
                        "score" : 812.5,
                        "scoreError" : 12.25,
                        "scoreConfidence" : [ 800.25, 824.75 ],
                        "scoreUnit" : "ops/s",
                        "rawData" : [ [ 810.0, 815.0 ], [ 800.0, 820.0, "NaN" ] ]
                    },
                    "secondaryMetrics" : { }
                },
                {
                    "benchmark" : "io.moirai.benchmarks.SpawnCostBenchmark.fromWorker",
                    "mode" : "avgt",
                    "threads" : 1,
                    "forks" : 1,
                    "params" : { "impl" : "fjp" },
                    "primaryMetric" : { "score" : 41.0, "scoreError" : "NaN", "scoreUnit" : "ns/op" }
                }
            ]
            """;

    @Test
    void readsEveryEntryWithItsParametersAndScore(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("jmh-result.json"), JMH_JSON);

        List<JmhResult> results = JmhResult.read(file);

        assertThat(results).hasSize(2);
        JmhResult fib = results.getFirst();
        assertThat(fib.className()).isEqualTo("ForkJoinBenchmark");
        assertThat(fib.method()).isEqualTo("fibonacci");
        assertThat(fib.impl()).isEqualTo("moirai");
        assertThat(fib.otherParams()).isEqualTo("n=30, threshold=13");
        assertThat(fib.score()).isEqualTo(812.5);
        assertThat(fib.error()).isEqualTo(12.25);
        assertThat(fib.unit()).isEqualTo("ops/s");
        assertThat(fib.warmup()).isEqualTo("3 × 1 s");
        assertThat(fib.vm()).isEqualTo("OpenJDK 64-Bit Server VM 25.0.3+9-LTS");
        assertThat(fib.higherIsBetter()).isTrue();
        assertThat(fib.forkMeans()).containsExactly(812.5, 810.0);
    }

    @Test
    void readsTheNaNErrorOfASingleForkAsNaN(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("jmh-result.json"), JMH_JSON);

        JmhResult spawn = JmhResult.read(file).get(1);

        assertThat(spawn.error()).isNaN();
        assertThat(spawn.higherIsBetter()).isFalse();
        assertThat(spawn.otherParams()).isEmpty();
        assertThat(spawn.forkMeans()).isEmpty();
    }

    @Test
    void readsSecondaryMetricsWithTheirHighestIteration(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("jmh-result.json"), """
                [
                    {
                        "benchmark" : "io.moirai.benchmarks.SpringExecutorBenchmark.blockingBurst",
                        "mode" : "ss",
                        "threads" : 1,
                        "forks" : 2,
                        "params" : { "impl" : "moirai-256", "tasks" : "512", "sleepMillis" : "10" },
                        "primaryMetric" : { "score" : 21.5, "scoreError" : 0.5, "scoreUnit" : "ms/op" },
                        "secondaryMetrics" : {
                            "peakConcurrency" : {
                                "score" : 1020.0,
                                "scoreError" : "NaN",
                                "scoreUnit" : "#",
                                "rawData" : [ [ 256.0, 255.0 ], [ 253.0, 256.0 ] ]
                            }
                        }
                    }
                ]
                """);

        JmhResult burst = JmhResult.read(file).getFirst();

        assertThat(burst.secondary()).containsOnlyKeys("peakConcurrency");
        JmhResult.Metric peak = burst.secondary().get("peakConcurrency");
        assertThat(peak.maximum()).isEqualTo(256.0);
        assertThat(peak.samples()).isEqualTo(4);
        assertThat(peak.unit()).isEqualTo("#");
        assertThat(peak.error()).isNaN();
    }

    @Test
    void refusesAFileThatIsNotAJsonArray(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("other.json"), "{\"benchmark\": \"x\"}");

        assertThatThrownBy(() -> JmhResult.read(file)).isInstanceOf(IOException.class).hasMessageContaining("JSON array");
    }
}
