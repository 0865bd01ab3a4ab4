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
 *      --out docs [--jmh-args "..."] result.json [more.json ...]
 * </pre>
 * The {@code bench} profile of {@code moirai-benchmarks} runs it after the suite, with the JDK 25
 * the build selected. It writes {@code <out>/benchmarks.md} and {@code <out>/benchmarks/*.svg},
 * and prints each goal's verdict. It reads the machine's description where it runs, so it should
 * run on the machine that ran the benchmarks.
 */
public final class ReportGenerator {

    private ReportGenerator() {
    }

    /**
     * Writes the report.
     *
     * @param args {@code --out <dir>}, optionally {@code --jmh-args <text>} (the {@code jmh.args}
     *             the suite ran with, to state the exact commands; without it the report names
     *             none), then one or more result files
     * @throws IOException if a result file cannot be read or the report cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        String jmhArgs = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--jmh-args" -> jmhArgs = value(args, ++i, "--jmh-args");
                default -> files.add(Path.of(args[i]));
            }
        }
        if (out == null || files.isEmpty()) {
            usage("--out and at least one result file are required");
        }

        List<JmhResult> results = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                usage("no result file at " + file.toAbsolutePath());
            }
            results.addAll(JmhResult.read(file));
            sources.add(file.getFileName().toString());
        }
        String java = Commands.portableJava(ProcessHandle.current().info().command().orElse("java"));
        MarkdownReport.Context context = new MarkdownReport.Context(Machine.describe(),
                jmhArgs == null ? "" : Commands.maven(jmhArgs), jmhArgs == null ? "" : Commands.jmh(java, jmhArgs),
                sources, describeSource(), ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        MarkdownReport.Output report = MarkdownReport.render(results, context);

        Path chartDir = out.resolve(MarkdownReport.CHART_DIR);
        Files.createDirectories(chartDir);
        for (Map.Entry<String, String> chart : report.charts().entrySet()) {
            Files.writeString(chartDir.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
        }
        Path markdown = out.resolve("benchmarks.md");
        Files.writeString(markdown, report.markdown(), StandardCharsets.UTF_8);

        for (Goal goal : Suite.GOALS) {
            List<JmhResult> ofClass = results.stream().filter(r -> r.className().equals(goal.benchmarkClass())).toList();
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
        System.err.println("usage: ReportGenerator --out <dir> [--jmh-args <text>] <result.json>...");
        System.exit(2);
    }

    /** The commit measured, if this is a git work tree and git is installed; empty otherwise. */
    private static String describeSource() {
        String commit = git("rev-parse", "--short", "HEAD");
        if (commit.isEmpty()) {
            return "";
        }
        boolean dirty = !git("status", "--porcelain", "--untracked-files=no").isEmpty();
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
