package io.moirai.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The command lines the report states, rebuilt from the {@code jmh.args} the suite ran with. */
final class Commands {

    /** The Maven command of the {@code bench} profile, from the repository root. */
    static final String MAVEN = "./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package";

    private static final String JAR = "moirai-benchmarks/target/benchmarks.jar";
    private static final String RESULTS = "docs/benchmarks/results/";

    /** The run name the {@code bench} profile uses unless {@code -Dbench.run} names another. */
    static final String DEFAULT_RUN = "suite";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Commands() {
    }

    /**
     * The Maven command that records a run with these JMH arguments.
     *
     * @param jmhArgs the {@code jmh.args} property, possibly empty
     * @param run     the run's name, {@code bench.run}
     * @return a command line a POSIX shell runs as is
     */
    static String maven(String jmhArgs, String run) {
        String args = jmhArgs.strip();
        String command = DEFAULT_RUN.equals(run) ? MAVEN : MAVEN + " " + quote("-Dbench.run=" + run);
        return args.isEmpty() ? command : command + " " + quote("-Djmh.args=" + args);
    }

    /**
     * A {@code java} executable as the report shows it: the JDK's own directory is a fact of the
     * machine that ran the suite, not of the project, so it reads {@code <JDK 25>/bin/java}.
     *
     * @param java the executable's path
     * @return the path with the JDK's directory replaced
     */
    static String portableJava(String java) {
        int bin = java.lastIndexOf("/bin/java");
        return bin > 0 ? "<JDK 25>" + java.substring(bin) : java;
    }

    /**
     * The JMH command line the {@code bench} profile runs.
     *
     * @param java    the {@code java} executable
     * @param jmhArgs the {@code jmh.args} property, possibly empty
     * @param run     the run's name, which names its result file
     * @return a command line a POSIX shell runs as is
     */
    static String jmh(String java, String jmhArgs, String run) {
        List<String> words = new ArrayList<>(List.of("-jar", JAR));
        words.addAll(split(jmhArgs));
        words.addAll(List.of("-rf", "json", "-rff", RESULTS + run + ".json"));
        String executable = java.startsWith("<JDK 25>") ? java : quote(java); // a placeholder stays readable
        return executable + " " + String.join(" ", words.stream().map(Commands::quote).toList());
    }

    /** Splits as exec-maven-plugin splits {@code commandlineArgs}: on blanks, keeping quoted runs together. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Single-quotes a word for a POSIX shell unless it is plainly safe. */
    static String quote(String word) {
        return SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
