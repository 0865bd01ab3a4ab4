package io.moirai.benchmarks.report;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runs kept in a results directory: per run {@code <run>.properties} (how it was started),
 * {@code <run>.json} (JMH's results) and optionally {@code <run>.footprint.json} (the idle
 * footprint measured with it).
 */
final class RunStore {

    private static final Pattern JVM_PATH =
            Pattern.compile("(\"jvm\"\\s*:\\s*\")([^\"]*)\"");
    private static final String ARGS = "jmh.args";
    private static final String RECORDED_AT = "recorded.at";
    private static final String SOURCE = "source";

    private RunStore() {
    }

    /**
     * Writes the description of a run whose result files are already in {@code dir}.
     *
     * @param dir        the results directory
     * @param name       the run's name
     * @param jmhArgs    the {@code jmh.args} it ran with
     * @param recordedAt the time, as {@code yyyy-MM-dd HH:mm UTC}
     * @param commit     the commit measured, or empty
     * @throws IOException if the file cannot be written
     */
    static void record(Path dir, String name, String jmhArgs, String recordedAt, String commit) throws IOException {
        for (Path results : List.of(dir.resolve(name + ".json"), dir.resolve(name + ".footprint.json"))) {
            if (Files.isRegularFile(results)) {
                Files.writeString(results, withPortableJvm(Files.readString(results, StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8);
            }
        }
        Properties p = new Properties();
        p.setProperty(ARGS, jmhArgs.strip());
        p.setProperty(RECORDED_AT, recordedAt);
        p.setProperty(SOURCE, commit);
        try (Writer out = Files.newBufferedWriter(dir.resolve(name + ".properties"), StandardCharsets.UTF_8)) {
            p.store(out, "A benchmark run; its results are " + name + ".json");
        }
    }

    /**
     * JMH records the absolute path of the {@code java} it ran; the results are kept with the
     * project, where that path of one machine means nothing, so it becomes {@code <JDK 25>/bin/java}.
     *
     * @param json JMH's JSON results
     * @return the same with every {@code jvm} path made portable
     */
    static String withPortableJvm(String json) {
        return JVM_PATH.matcher(json).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + Commands.portableJava(m.group(2)) + "\""));
    }

    /**
     * Reads every run in a directory, oldest first.
     *
     * @param dir the results directory
     * @return the runs; those whose JMH file is missing are skipped
     * @throws IOException if a file cannot be read
     */
    static List<Run> load(Path dir) throws IOException {
        List<Run> runs = new ArrayList<>();
        List<Path> descriptions;
        try (Stream<Path> files = Files.list(dir)) {
            descriptions = files.filter(f -> f.getFileName().toString().endsWith(".properties")).sorted().toList();
        }
        for (Path description : descriptions) {
            String file = description.getFileName().toString();
            String name = file.substring(0, file.length() - ".properties".length());
            Path jmh = dir.resolve(name + ".json");
            if (!Files.isRegularFile(jmh)) {
                continue;
            }
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(description, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            List<String> names = new ArrayList<>(List.of(jmh.getFileName().toString()));
            List<JmhResult> results = new ArrayList<>(JmhResult.read(jmh));
            Path footprint = dir.resolve(name + ".footprint.json");
            if (Files.isRegularFile(footprint)) {
                names.add(footprint.getFileName().toString());
                results.addAll(JmhResult.read(footprint));
            }
            runs.add(new Run(name, p.getProperty(ARGS, ""), p.getProperty(RECORDED_AT, ""), p.getProperty(SOURCE, ""),
                    names, results));
        }
        runs.sort(Comparator.comparing(Run::recordedAt));
        return runs;
    }

    /**
     * The results the report shows: each class from the latest run that measured it.
     *
     * @param runs the runs, oldest first
     * @return the kept results, grouped by run in run order, and the run each class came from
     */
    static Merged merge(List<Run> runs) {
        Map<String, Run> latest = new LinkedHashMap<>();
        for (Run run : runs) {
            for (JmhResult r : run.results()) {
                latest.put(r.className(), run);
            }
        }
        List<JmhResult> kept = new ArrayList<>();
        for (Run run : runs) {
            for (JmhResult r : run.results()) {
                if (latest.get(r.className()) == run) {
                    kept.add(r);
                }
            }
        }
        Map<String, String> runOfClass = new LinkedHashMap<>();
        latest.forEach((className, run) -> runOfClass.put(className, run.name()));
        List<Run> used = runs.stream().filter(latest::containsValue).toList();
        return new Merged(kept, runOfClass, used);
    }

    /**
     * The merged view of several runs.
     *
     * @param results    the results kept
     * @param runOfClass benchmark class to the name of the run its results come from
     * @param runs       the runs that contributed, oldest first
     */
    record Merged(List<JmhResult> results, Map<String, String> runOfClass, List<Run> runs) {
    }
}
