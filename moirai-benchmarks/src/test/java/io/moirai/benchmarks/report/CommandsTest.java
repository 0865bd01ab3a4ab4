package io.moirai.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandsTest {

    @Test
    void mavenCommandLeavesOutEmptyJmhArgs() {
        assertThat(Commands.maven("  ", "suite")).isEqualTo("./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package");
    }

    @Test
    void mavenCommandQuotesJmhArgsForTheShell() {
        assertThat(Commands.maven("ForkJoin|Timer -f 1", "suite"))
                .isEqualTo("./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package '-Djmh.args=ForkJoin|Timer -f 1'");
    }

    @Test
    void mavenCommandNamesARunOtherThanTheWholeSuite() {
        assertThat(Commands.maven("Queue", "queues"))
                .isEqualTo("./mvnw -Pbench -pl moirai-benchmarks -am -DskipTests package -Dbench.run=queues -Djmh.args=Queue");
    }

    @Test
    void jmhCommandPassesEachArgumentAsTheExecPluginSplitsIt() {
        assertThat(Commands.jmh("/jdk-25/bin/java", "ExternalSubmit -p impl=moirai,fjp -jvmArgs \"-Xmx1g -Xms1g\"", "suite"))
                .isEqualTo("/jdk-25/bin/java -jar moirai-benchmarks/target/benchmarks.jar ExternalSubmit -p impl=moirai,fjp "
                        + "-jvmArgs '-Xmx1g -Xms1g' -rf json -rff docs/benchmarks/results/suite.json");
    }

    @Test
    void quoteEscapesSingleQuotes() {
        assertThat(Commands.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void theReportShowsTheJdkAsAPlaceholderNotThisMachinesPath() {
        org.assertj.core.api.Assertions.assertThat(Commands.portableJava("/opt/jdks/jdk-25/bin/java"))
                .isEqualTo("<JDK 25>/bin/java");
        org.assertj.core.api.Assertions.assertThat(Commands.portableJava("java")).isEqualTo("java");
    }
}
