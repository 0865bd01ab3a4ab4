package io.moirai.benchmarks.report;

import java.util.List;

/**
 * One recorded run of (part of) the suite: the results it produced and how it was started.
 *
 * <p>The report is assembled from every run kept in {@code docs/benchmarks/results/}, so a run of
 * a few classes adds to it instead of replacing it; a class measured by several runs is taken
 * from the latest.
 *
 * @param name       the run's name, {@code bench.run} when it was recorded (e.g. {@code suite})
 * @param jmhArgs    the {@code jmh.args} it ran with, empty for the whole suite
 * @param recordedAt when it was recorded, as {@code yyyy-MM-dd HH:mm UTC} (sorts by time)
 * @param commit     the commit it measured, e.g. {@code commit 1a2b3c4}, or empty
 * @param files      the result files it wrote, by file name
 * @param results    its results, in the order they were run
 */
record Run(String name, String jmhArgs, String recordedAt, String commit, List<String> files, List<JmhResult> results) {

    Run {
        files = List.copyOf(files);
        results = List.copyOf(results);
    }

    /** The Maven command that repeats this run, from the repository root. */
    String mavenCommand() {
        return Commands.maven(jmhArgs, name);
    }
}
