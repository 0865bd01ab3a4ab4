package io.moirai.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns JMH JSON results into {@code docs/benchmarks.md} and its SVG charts.
 *
 * <pre>
 * java -cp moirai-benchmarks/target/benchmarks.jar io.moirai.benchmarks.report.ReportGenerator \
 *      --out docs --results docs/benchmarks/results [--record suite [--jmh-args "..."]]
 * </pre>
 * The {@code bench} profile of {@code moirai-benchmarks} runs it after JMH, with the JDK 25 the
 * build selected. With {@code --record} it first records the run whose results JMH just wrote to
 * {@code <results>/<run>.json} (its arguments, time and commit). It then reads every recorded run
 * in the results directory, takes each class from the latest run that measured it, writes
 * {@code <out>/benchmarks.md} and {@code <out>/benchmarks/*.svg}, and prints each goal's verdict. It reads the machine's description where it runs, so it should
 * run on the machine that ran the benchmarks.
 */
public final class ReportGenerator {

    private ReportGenerator() {
    }

    /**
     * Writes the report.
     *
     * @param args {@code --out <dir>} and {@code --results <dir>}; optionally {@code --record <run>}
     *             with {@code --jmh-args <text>} (the {@code jmh.args} that run used)
     * @throws IOException if a result file cannot be read or the report cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        Path resultsDir = null;
        String record = null;
        String jmhArgs = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--results" -> resultsDir = Path.of(value(args, ++i, "--results"));
                case "--record" -> record = value(args, ++i, "--record");
                case "--jmh-args" -> jmhArgs = value(args, ++i, "--jmh-args");
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null || resultsDir == null) {
            usage("--out and --results are required");
        }
        if (!Files.isDirectory(resultsDir)) {
            usage("no results directory at " + resultsDir.toAbsolutePath());
        }
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        if (record != null && !record.isBlank()) {
            if (!Files.isRegularFile(resultsDir.resolve(record + ".json"))) {
                usage("run " + record + " has no results at " + resultsDir.resolve(record + ".json").toAbsolutePath());
            }
            RunStore.record(resultsDir, record, jmhArgs, now, describeSource());
        }
        RunStore.Merged merged = RunStore.merge(RunStore.load(resultsDir));
        if (merged.results().isEmpty()) {
            usage("no recorded run in " + resultsDir.toAbsolutePath());
        }
        List<JmhResult> results = merged.results();
        String java = Commands.portableJava(ProcessHandle.current().info().command().orElse("java"));
        MarkdownReport.Context context = new MarkdownReport.Context(Machine.describe(), java, merged.runs(),
                merged.runOfClass(), now);
        MarkdownReport.Output report = MarkdownReport.render(results, context);

        Path chartDir = out.resolve(MarkdownReport.CHART_DIR);
        Files.createDirectories(chartDir);
        for (Map.Entry<String, String> chart : report.charts().entrySet()) {
            Files.writeString(chartDir.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
        }
        Path markdown = out.resolve("benchmarks.md");
        Files.writeString(markdown, report.markdown(), StandardCharsets.UTF_8);

        for (Goal goal : Suite.GOALS) {
            List<JmhResult> ofClass = results.stream().filter(r -> goal.reads(r.className())).toList();
            for (Verdict v : goal.evaluate(ofClass)) {
                System.out.printf("%-18s %-29s %-40s %s: %s%n", v.status().mark(), v.benchmarkClass(), v.scope(),
                        v.goal(), v.achieved());
            }
        }
        System.out.println("wrote " + markdown.toAbsolutePath() + " and " + report.charts().size() + " chart(s) in "
                + chartDir.toAbsolutePath());
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            usage(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: ReportGenerator --out <dir> --results <dir> [--record <run> [--jmh-args <text>]]");
        System.exit(2);
    }

    /**
     * The commit measured, if this is a git work tree and git is installed; empty otherwise. The
     * report's own files are left out of the check: recording a run rewrites its results file
     * before this is asked, which made every re-recorded run look measured on uncommitted code.
     */
    private static String describeSource() {
        String commit = git("rev-parse", "--short", "HEAD");
        if (commit.isEmpty()) {
            return "";
        }
        boolean dirty = !git("status", "--porcelain", "--untracked-files=no", "--", ":(top)",
                ":(top,exclude)docs/benchmarks", ":(top,exclude)docs/benchmarks.md").isEmpty();
        return "commit " + commit + (dirty ? " with uncommitted changes" : "");
    }

    private static String git(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "";
            }
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
