package io.moirai.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    @TempDir
    Path dir;

    @Test
    void eachClassComesFromTheLatestRunThatMeasuredIt() throws IOException {
        write("suite", "ForkJoinBenchmark.fibonacci", "TimerBenchmark.scheduleCancel");
        RunStore.record(dir, "suite", "", "2030-01-01 00:00 UTC", "commit abc1234");
        write("fj", "ForkJoinBenchmark.fibonacci");
        RunStore.record(dir, "fj", "ForkJoin -f 1", "2030-01-02 00:00 UTC", "");

        RunStore.Merged merged = RunStore.merge(RunStore.load(dir));

        assertThat(merged.runOfClass()).containsEntry("ForkJoinBenchmark", "fj").containsEntry("TimerBenchmark", "suite");
        assertThat(merged.results()).extracting(JmhResult::className).containsExactly("TimerBenchmark", "ForkJoinBenchmark");
        assertThat(merged.runs()).extracting(Run::name).containsExactly("suite", "fj");
        assertThat(merged.runs().get(1).jmhArgs()).isEqualTo("ForkJoin -f 1");
    }

    @Test
    void aRunWithoutResultsIsSkippedAndUnusedRunsAreNotListed() throws IOException {
        RunStore.record(dir, "lost", "", "2030-01-01 00:00 UTC", "");
        write("old", "TimerBenchmark.scheduleCancel");
        RunStore.record(dir, "old", "", "2030-01-01 00:00 UTC", "");
        write("new", "TimerBenchmark.scheduleCancel");
        RunStore.record(dir, "new", "", "2030-01-02 00:00 UTC", "");

        RunStore.Merged merged = RunStore.merge(RunStore.load(dir));

        assertThat(merged.runs()).extracting(Run::name).containsExactly("new");
    }

    @Test
    void recordingARunReplacesThisMachinesJavaPathInItsResults() throws IOException {
        Files.writeString(dir.resolve("fj.json"), """
                [{"benchmark":"io.moirai.benchmarks.ForkJoinBenchmark.fibonacci","jvm" : "/opt/jdks/jdk-25/bin/java",
                  "mode":"thrpt","threads":1,"forks":1,"params":{"impl":"moirai"},
                  "primaryMetric":{"score":1.0,"scoreError":0.1,"scoreUnit":"ops/s"}}]""");

        RunStore.record(dir, "fj", "", "2030-01-01 00:00 UTC", "");

        assertThat(Files.readString(dir.resolve("fj.json"))).contains("\"jvm\" : \"<JDK 25>/bin/java\"")
                .doesNotContain("/opt/jdks");
    }

    private void write(String run, String... benchmarks) throws IOException {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < benchmarks.length; i++) {
            json.append(i == 0 ? "" : ",").append("""
                    {"benchmark":"io.moirai.benchmarks.%s","mode":"thrpt","threads":1,"forks":1,
                     "params":{"impl":"moirai"},
                     "primaryMetric":{"score":1.0,"scoreError":0.1,"scoreUnit":"ops/s"}}""".formatted(benchmarks[i]));
        }
        Files.writeString(dir.resolve(run + ".json"), json.append("]").toString());
    }

}
