package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.topology.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.junit.jupiter.api.Test;

/**
 * Invalid {@code moirai.*} values stop start-up before the runtime exists, and the failure
 * analyzer's report names the property, the value given and what is allowed.
 */
class MoiraiPropertiesValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class));

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "moirai.parallelism                       | 0      | an integer from 1 to 32767",
            "moirai.parallelism                       | 40000  | an integer from 1 to 32767",
            "moirai.parallelism                       | many   | an integer from 1 to 32767",
            "moirai.blocking.max-concurrency          | 0      | an integer of at least 1",
            "moirai.queue.capacity                    | -1     | an integer of at least 1",
            "moirai.queue.rejection-policy            | maybe  | one of abort, caller-runs, block, discard-oldest",
            "moirai.queue.block-timeout               | -1s    | a duration that is not negative",
            "moirai.task-execution.default-lane       | gpu    | one of blocking, cpu",
            "moirai.shutdown.mode                     | later  | one of drain, cancel",
            "moirai.shutdown.await-termination-period | -5s    | a duration that is not negative",
            "moirai.shutdown.await-termination-period | soon   | a duration that is not negative",
            "moirai.thread-name-prefix                | ''     | a non-blank text",
            "moirai.endpoint.write-role               | ''     | a non-blank role name",
            "moirai.topology.cpus                     | 0-4095 | a CPU list such as 0-3,6 naming only CPUs this process may use",
            "moirai.topology.cpus                     | 1-x    | a CPU list such as 0-3,6 naming only CPUs this process may use",
            "moirai.topology.cpus                     | ''     | a CPU list such as 0-3,6 naming only CPUs this process may use",
            "moirai.topology.pin-workers              | maybe  | true or false" })
    void anInvalidValueStopsStartUpWithAReportNamingPropertyValueAndWhatIsAllowed(String property, String value,
            String allowed) {
        this.runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property)
                    .contains("Value: \"" + value + "\"").contains("Allowed: " + allowed);
            assertThat(analysis.getAction()).contains("Set " + property + " to " + allowed);
        });
    }

    @Test
    void anUnknownCpuIsReportedWithTheCpusThisProcessMayUse() {
        String usable = Topology.formatCpuList(Topology.detect().usableCpus());
        this.runner.withPropertyValues("moirai.topology.cpus=4000").run(context -> {
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: moirai.topology.cpus")
                    .contains("Value: \"4000\"").contains("may use, here " + usable);
            assertThat(analysis.getAction()).contains("Set moirai.topology.cpus to").contains("here " + usable);
        });
    }

    @Test
    void everyInvalidValueIsReportedAtOnce() {
        this.runner.withPropertyValues("moirai.parallelism=0", "moirai.queue.block-timeout=-2s").run(context -> {
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("2 moirai.* properties have invalid values")
                    .contains("Property: moirai.parallelism").contains("Property: moirai.queue.block-timeout")
                    .contains("Value: \"-2s\"");
        });
    }

    @Test
    void relaxedEnumSpellingsAreAccepted() {
        this.runner.withPropertyValues("moirai.queue.rejection-policy=DISCARD_OLDEST", "moirai.queue.capacity=5",
                "moirai.task-execution.default-lane=CPU", "moirai.shutdown.mode=Cancel")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void failuresOfOtherPropertiesAreLeftToBoot() {
        this.runner.withPropertyValues("spring.task.execution.pool.core-size=x")
                .withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
                });
    }
}
