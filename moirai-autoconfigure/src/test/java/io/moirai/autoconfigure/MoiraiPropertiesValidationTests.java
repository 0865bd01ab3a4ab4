package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Invalid {@code moirai.*} values stop start-up before the runtime exists, and the failure
 * analyzer's report names the property, the value given, where it came from and what is allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class MoiraiPropertiesValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class));

    private static final String DURATION = "a duration from 0 to 106751d (about 292 years";

    private static final String CPU_LIST = "a CPU list such as 0-3,6 naming only CPUs this process may use";

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "moirai.parallelism                       | 0           | an integer from 1 to 32767",
            "moirai.parallelism                       | 40000       | an integer from 1 to 32767",
            "moirai.parallelism                       | many        | an integer from 1 to 32767",
            "moirai.blocking.max-concurrency          | 0           | an integer of at least 1",
            "moirai.queue.capacity                    | -1          | an integer of at least 1",
            "moirai.queue.rejection-policy            | maybe       | one of abort, caller-runs, block, discard-oldest",
            "moirai.queue.block-timeout               | -1s         | " + DURATION,
            "moirai.queue.block-timeout               | 106752d     | " + DURATION,
            "moirai.queue.block-timeout               | 1000000000d | " + DURATION,
            "moirai.task-execution.default-lane       | gpu         | one of blocking, cpu",
            "moirai.shutdown.mode                     | later       | one of drain, cancel",
            "moirai.shutdown.await-termination-period | -5s         | " + DURATION,
            "moirai.shutdown.await-termination-period | soon        | " + DURATION,
            "moirai.shutdown.await-termination-period | 1000000000d | " + DURATION,
            "moirai.thread-name-prefix                | ''          | a non-blank text",
            "moirai.endpoint.write-role               | ''          | a non-blank role name",
            "moirai.topology.cpus                     | 0-4095      | " + CPU_LIST,
            "moirai.topology.cpus                     | 1-x         | " + CPU_LIST,
            "moirai.topology.cpus                     | ''          | " + CPU_LIST,
            "moirai.topology.pin-workers              | maybe       | true or false",
            "moirai.enabled                           | maybe       | true or false" })
    void anInvalidValueStopsStartUpWithAReportNamingPropertyValueOriginAndWhatIsAllowed(String property,
            String value, String allowed) {
        this.runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property)
                    .contains("Value: \"" + value + "\"")
                    .contains("Origin: \"" + property + "\" from property source \"test\"")
                    .contains("Allowed: " + allowed);
            assertThat(analysis.getAction()).contains("Set " + property + " to " + allowed);
        });
    }

    @Test
    void withoutMoiraiHazelcastAnInvalidClusterValueStillStopsStartUp() {
        this.runner.withClassLoader(new FilteredClassLoader(MoiraiCluster.class))
                .withPropertyValues("moirai.cluster.port=70000").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("Property: moirai.cluster.port")
                            .contains("Value: \"70000\"");
                });
    }

    @Test
    void withoutMoiraiHazelcastClusterPropertiesAreReportedAsHavingNoEffect(CapturedOutput output) {
        this.runner.withClassLoader(new FilteredClassLoader(MoiraiCluster.class))
                .withPropertyValues("moirai.cluster.members=127.0.0.1:5701", "moirai.cluster.min-members=2")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).containsOnlyOnce("moirai.cluster.members, moirai.cluster.min-members set, but "
                + "moirai-hazelcast is not on the class path: this application joins no cluster");
    }

    @Test
    void withoutMoiraiHazelcastAndWithoutClusterPropertiesNothingIsReported(CapturedOutput output) {
        this.runner.withClassLoader(new FilteredClassLoader(MoiraiCluster.class))
                .run(context -> assertThat(context).hasNotFailed());
        this.runner.withClassLoader(new FilteredClassLoader(MoiraiCluster.class))
                .withPropertyValues("moirai.cluster.enabled=false", "moirai.cluster.members=127.0.0.1:5701")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain("moirai-hazelcast is not on the class path");
    }

    @ParameterizedTest
    @ValueSource(strings = { "moirai.queue.block-timeout", "moirai.shutdown.await-termination-period" })
    void aDurationTooLongToTimeInNanosecondsFailsValidationRatherThanOverflowing(String property) {
        this.runner.withPropertyValues(property + "=1000000000d").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isNotInstanceOf(ArithmeticException.class);
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property)
                    .contains("Value: \"1000000000d\"").contains("Allowed: " + DURATION);
        });
    }

    @Test
    void theLongestDurationsAllowedAreAccepted() {
        this.runner.withPropertyValues("moirai.queue.block-timeout=106751d",
                "moirai.shutdown.await-termination-period=106751d").run(context -> {
                    assertThat(context).hasNotFailed();
                    MoiraiProperties properties = context.getBean(MoiraiProperties.class);
                    assertThat(properties.getQueue().getBlockTimeout()).isEqualTo(AllowedValues.MAX_DURATION);
                    assertThat(properties.getShutdown().getAwaitTerminationPeriod())
                            .isEqualTo(AllowedValues.MAX_DURATION);
                });
    }

    @Test
    void anUnconvertibleValueFromAFileIsReportedWithTheFileAndLineItCameFrom() {
        this.runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(load("moirai-unconvertible.properties"))).run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("a moirai.* property has an invalid value")
                            .contains("Property: moirai.parallelism")
                            .contains("Value: \"many\"")
                            .contains("Origin: class path resource [moirai-unconvertible.properties] - 2:20")
                            .contains("Allowed: an integer from 1 to 32767");
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
    void everyUnconvertibleAndOutOfRangeValueIsReportedAtOnceWithItsOrigin() {
        this.runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(load("moirai-invalid.properties"))).run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    String file = "Origin: class path resource [moirai-invalid.properties] - ";
                    assertThat(analysis.getDescription()).contains("4 moirai.* properties have invalid values")
                            .contains("Property: moirai.parallelism" + System.lineSeparator()
                                    + "    Value: \"many\"" + System.lineSeparator() + "    " + file + "2:20")
                            .contains("Property: moirai.shutdown.mode" + System.lineSeparator()
                                    + "    Value: \"later\"" + System.lineSeparator() + "    " + file + "3:22")
                            .contains("Property: moirai.blocking.max-concurrency" + System.lineSeparator()
                                    + "    Value: \"0\"" + System.lineSeparator() + "    " + file + "4:33")
                            .contains("Property: moirai.queue.block-timeout" + System.lineSeparator()
                                    + "    Value: \"1000000000d\"" + System.lineSeparator() + "    " + file
                                    + "5:28");
                    assertThat(analysis.getAction().lines()).hasSize(4);
                });
    }

    @Test
    void twoUnconvertibleValuesAreBothReported() {
        this.runner.withPropertyValues("moirai.parallelism=many", "moirai.queue.rejection-policy=maybe")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("2 moirai.* properties have invalid values")
                            .contains("Property: moirai.parallelism").contains("Value: \"many\"")
                            .contains("Property: moirai.queue.rejection-policy").contains("Value: \"maybe\"");
                });
    }

    /**
     * The whole path a user meets: a real application started with bad values on its command
     * line, the analyzer found through {@code spring.factories}, and Boot's report printed once
     * with every value in it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "two out of range        | --moirai.parallelism=0 --moirai.blocking.max-concurrency=0",
            "two unconvertible       | --moirai.queue.rejection-policy=maybe --moirai.task-execution.default-lane=gpu",
            "three of both kinds     | --moirai.parallelism=0 --moirai.shutdown.mode=later "
                    + "--moirai.queue.block-timeout=-1s" })
    void aRealApplicationReportsEveryInvalidValueAtOnce(String kind, String arguments, CapturedOutput output) {
        String[] args = arguments.split(" ");
        SpringApplication application = new SpringApplication(RealApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        assertThatException().isThrownBy(() -> application.run(args));
        assertThat(output).containsOnlyOnce("APPLICATION FAILED TO START")
                .contains("Moirai cannot start: " + args.length + " moirai.* properties have invalid values.");
        for (String argument : args) {
            String property = argument.substring(2, argument.indexOf('='));
            String value = argument.substring(argument.indexOf('=') + 1);
            assertThat(output).contains("Property: " + property + System.lineSeparator() + "    Value: \"" + value
                    + "\"" + System.lineSeparator() + "    Origin: \"" + property
                    + "\" from property source \"commandLineArgs\"")
                    .contains("Set " + property + " to " + AllowedValues.describe(property));
        }
    }

    @Test
    void propertiesEnabledWithoutTheAutoConfigurationStillReportAnUnconvertibleValueWithItsOrigin() {
        new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
                .withPropertyValues("moirai.parallelism=many").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("Property: moirai.parallelism")
                            .contains("Value: \"many\"")
                            .contains("Origin: \"moirai.parallelism\" from property source \"test\"")
                            .contains("Allowed: an integer from 1 to 32767");
                });
    }

    @Test
    void relaxedEnumSpellingsAreAccepted() {
        this.runner.withPropertyValues("moirai.queue.rejection-policy=DISCARD_OLDEST", "moirai.queue.capacity=5",
                "moirai.task-execution.default-lane=CPU", "moirai.shutdown.mode=Cancel")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "moirai.paralelism=4             | moirai.paralelism             | Moirai has no such property; did you mean moirai.parallelism?",
            "moirai.queue.capcity=10         | moirai.queue.capcity          | Moirai has no such property; did you mean moirai.queue.capacity?",
            "moirai.blocking.max-concurency=8 | moirai.blocking.max-concurency | Moirai has no such property; did you mean moirai.blocking.max-concurrency?",
            "moirai.topology.cpus[0]=0       | moirai.topology.cpus[0]       | moirai.topology.cpus takes one value, not a list",
            "moirai.queue=10                 | moirai.queue                  | moirai.queue is a group, not a property: set moirai.queue.block-timeout, moirai.queue.capacity, moirai.queue.rejection-policy",
            "moirai.workers=4                | moirai.workers                | Moirai has no such property; the moirai.* properties are listed in the properties reference" })
    void aNameNoMoiraiPropertyHasStopsStartUpWithWhatWasMeant(String setting, String property, String problem) {
        this.runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("a moirai.* property is not one Moirai has")
                    .contains("Property: " + property).contains("Problem: " + problem)
                    .contains("Origin: \"" + property + "\" from property source \"test\"");
            assertThat(analysis.getAction()).contains("Correct or remove " + property + " (" + problem + ")");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1-0     | range 1-0 runs backwards",
            "0-1:3/2 | stride 3/2 is not used/group" })
    void aMalformedCpuListIsReportedWithWhatIsWrongWithIt(String value, String reason) {
        this.runner.withPropertyValues("moirai.topology.cpus=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Allowed: " + CPU_LIST).contains(reason);
        });
    }

    @Test
    void aListWithAGapInItsNumbersNamesTheEntryPastTheGap() {
        this.runner.withClassLoader(new FilteredClassLoader(MoiraiCluster.class))
                .withPropertyValues("moirai.cluster.members[0]=127.0.0.1:5701", "moirai.cluster.members[2]=127.0.0.1:5702")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("Property: moirai.cluster.members[2]")
                            .contains("Problem: moirai.cluster.members is a list: number its entries from [0] with no gap")
                            .doesNotContain("Property: moirai.cluster.members[0]");
                });
    }

    @Test
    void unknownAndInvalidValuesAreReportedTogether() {
        this.runner.withPropertyValues("moirai.paralelism=4", "moirai.parallelism=0", "moirai.shutdown.mod=drain")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("3 moirai.* properties are invalid or not ones Moirai has")
                            .contains("Property: moirai.parallelism").contains("Property: moirai.paralelism")
                            .contains("did you mean moirai.shutdown.mode?");
                });
    }

    @Test
    void anUnknownClusterPropertyIsNamedWithTheClusterPropertyMeant() {
        this.runner.withClassLoader(new FilteredClassLoader(MoiraiCluster.class))
                .withPropertyValues("moirai.cluster.prot=5701").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("Property: moirai.cluster.prot")
                            .contains("did you mean moirai.cluster.port?");
                });
    }

    @Test
    void everyDocumentedPropertySetAtOnceIsAccepted() {
        this.runner.withPropertyValues("moirai.enabled=true", "moirai.parallelism=2", "moirai.thread-name-prefix=app-",
                "moirai.blocking.max-concurrency=16", "moirai.queue.capacity=100", "moirai.queue.rejection-policy=block",
                "moirai.queue.block-timeout=1s", "moirai.task-execution.default-lane=cpu",
                "moirai.task-execution.take-over-async=true", "moirai.shutdown.mode=cancel",
                "moirai.shutdown.await-termination-period=5s", "moirai.endpoint.write-role=OPS",
                "moirai.topology.pin-workers=false", "moirai.cluster.enabled=false", "moirai.cluster.port=5701")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aMisspeltNameOnlyInAnEnvironmentVariableIsWarnedAboutNotFatalAndOthersAreLeftAlone(CapturedOutput output) {
        this.runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                        Map.of("MOIRAI_PARALELISM", "3", "MOIRAI_PARALLELISM", "1", "MOIRAI_HOME", "/opt/moirai"))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MoiraiProperties.class).getParallelism()).isEqualTo(1);
                });
        assertThat(output).contains("Environment variables or system properties that look like misspelt Moirai "
                + "properties, not applied: MOIRAI_PARALELISM (read as moirai.paralelism): Moirai has no such "
                + "property; did you mean moirai.parallelism?").doesNotContain("MOIRAI_HOME");
    }

    @Test
    void aMisspeltNameOnlyInASystemPropertyIsWarnedAboutNotFatalAndOthersAreLeftAlone(CapturedOutput output) {
        this.runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                        Map.of("moirai.workers", "3", "moirai.queue.capcity", "3", "moirai.simd.disabled", "false"))))
                .withPropertyValues("moirai.test.synchronous-async=false")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("system property moirai.queue.capcity: Moirai has no such property; did you "
                + "mean moirai.queue.capacity?").doesNotContain("moirai.workers").doesNotContain("moirai.simd")
                .doesNotContain("moirai.test");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "moirai.parallelism                       | an integer from 1 to 32767",
            "moirai.queue.capacity                    | an integer of at least 1",
            "moirai.queue.rejection-policy            | one of abort, caller-runs, block, discard-oldest",
            "moirai.queue.block-timeout               | " + DURATION,
            "moirai.task-execution.default-lane       | one of blocking, cpu",
            "moirai.shutdown.mode                     | one of drain, cancel",
            "moirai.shutdown.await-termination-period | " + DURATION })
    void anEmptyValueIsRefusedRatherThanTakenForTheDefault(String property, String allowed) {
        for (String empty : new String[] { "", "  " }) {
            this.runner.withPropertyValues(property + "=" + empty).run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).isNotNull();
                assertThat(analysis.getDescription()).contains("Property: " + property).contains("Allowed: " + allowed);
            });
        }
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

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MoiraiProperties.class)
    static class PropertiesOnly {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(MoiraiAutoConfiguration.class)
    static class RealApplication {
    }

    private static PropertySource<?> load(String resource) {
        try {
            return new PropertiesPropertySourceLoader().load(resource, new ClassPathResource(resource)).getFirst();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
