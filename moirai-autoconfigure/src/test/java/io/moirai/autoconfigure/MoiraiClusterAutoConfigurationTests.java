package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.payload.Money;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiRuntimeStoppedEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The {@code moiraiCluster} bean: on Boot's {@code HazelcastInstance} when there is one (left
 * running when the cluster closes), on an embedded member otherwise (shut down with it), none with
 * {@code moirai.cluster.enabled=false} or without {@code moirai-hazelcast}; closed before the
 * runtime stops; invalid {@code moirai.cluster.*} values named at start-up.
 */
class MoiraiClusterAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class, MoiraiClusterAutoConfiguration.class,
                    HazelcastAutoConfiguration.class))
            .withPropertyValues("moirai.parallelism=2")
            .withPropertyValues(ClusterTestMembers.isolated());

    @Test
    void withoutAHazelcastInstanceTheClusterRunsOnAnEmbeddedLoopbackMemberItShutsDown() {
        HazelcastInstance[] member = new HazelcastInstance[1];
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(MoiraiCluster.class).doesNotHaveBean(HazelcastInstance.class);
            MoiraiCluster cluster = context.getBean(MoiraiCluster.class);
            member[0] = cluster.hazelcast();
            assertThat(cluster.runtime()).isSameAs(context.getBean(MoiraiRuntime.class));
            assertThat(member[0].getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
            assertThat(member[0].getConfig().getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
            assertThat(member[0].getConfig().getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).isEmpty();
            assertThat(member[0].getConfig().getProperty(EmbeddedMember.SHUTDOWN_HOOK))
                    .as("the context, not Hazelcast's JVM hook, shuts the member down").isEqualTo("false");
            assertThat(cluster.executor().submit(() -> 6 * 7).get(30, TimeUnit.SECONDS)).isEqualTo(42);
        });
        assertThat(member[0].getLifecycleService().isRunning()).as("the embedded member is shut down").isFalse();
    }

    @Test
    void withBootsHazelcastInstanceTheClusterJoinsItAndLeavesItRunningWhenItCloses() {
        this.runner.withBean(Config.class, MoiraiClusterAutoConfigurationTests::bootMemberConfig).run(context -> {
            HazelcastInstance boot = context.getBean(HazelcastInstance.class);
            MoiraiCluster cluster = context.getBean(MoiraiCluster.class);
            assertThat(cluster.hazelcast()).isSameAs(boot);
            assertThat(cluster.executor().submit(() -> "on Boot's member").get(30, TimeUnit.SECONDS))
                    .isEqualTo("on Boot's member");
            context.getBean(MoiraiClusterLifecycle.class).stop();
            assertThat(cluster.isClosed()).isTrue();
            assertThat(boot.getLifecycleService().isRunning()).as("Boot's instance is Boot's to shut down").isTrue();
        });
    }

    /** A context pause (Spring's test context cache) must not stop a cluster that cannot restart. */
    @Test
    void pausingAndRestartingTheContextLeavesTheClusterServing() {
        this.runner.run(context -> {
            MoiraiCluster cluster = context.getBean(MoiraiCluster.class);
            context.pause();
            context.restart();
            assertThat(cluster.isClosed()).isFalse();
            assertThat(cluster.executor().submit(() -> 6 * 7).get(30, TimeUnit.SECONDS)).isEqualTo(42);
        });
    }

    @Test
    void whenTheContextClosesTheClusterStopsBeforeTheRuntime() {
        ClusterStateWhenRuntimeStops[] probe = new ClusterStateWhenRuntimeStops[1];
        this.runner.withBean(ClusterStateWhenRuntimeStops.class)
                .run(context -> probe[0] = context.getBean(ClusterStateWhenRuntimeStops.class));
        assertThat(probe[0].clusterClosed).containsExactly(true);
    }

    @Test
    void aDisabledClusterHasNoBean() {
        this.runner.withPropertyValues("moirai.cluster.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MoiraiCluster.class)
                        .doesNotHaveBean(MoiraiClusterProperties.class));
    }

    @ParameterizedTest
    @ValueSource(strings = { "maybe", "tru", "" })
    void aSwitchThatIsNotABooleanStopsStartUpInsteadOfSwitchingTheClusterOff(String value) {
        this.runner.withPropertyValues("moirai.cluster.enabled=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: moirai.cluster.enabled")
                    .contains("Value: \"" + value + "\"").contains("Allowed: true or false");
        });
    }

    @Test
    void theSwitchReadsYesAsTrueAsTheOtherBooleansDo() {
        this.runner.withPropertyValues("moirai.cluster.enabled=yes")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MoiraiCluster.class));
    }

    @Test
    void withoutMoiraiHazelcastThereIsNoClusterAndTheRuntimeStillStarts() {
        this.runner.withClassLoader(new FilteredClassLoader(MoiraiCluster.class))
                .run(context -> assertThat(context).hasSingleBean(MoiraiRuntime.class)
                        .doesNotHaveBean(MoiraiCluster.class));
    }

    @Test
    void anApplicationsOwnClusterMakesMoiraiBackOff() {
        MoiraiRuntime runtime = MoiraiRuntime.builder().parallelism(1).build();
        try (MoiraiCluster own = MoiraiCluster.embedded(runtime)) {
            this.runner.withBean(MoiraiCluster.class, () -> own)
                    .run(context -> assertThat(context).getBean(MoiraiCluster.class).isSameAs(own));
        } finally {
            runtime.close();
        }
    }

    @Test
    void anEmbeddedMemberGivenMembersJoinsThemOverTcpIpOnLoopback() {
        this.runner.run(first -> {
            int port = first.getBean(MoiraiCluster.class).hazelcast().getCluster().getLocalMember().getAddress()
                    .getPort();
            String name = first.getEnvironment().getProperty("moirai.cluster.name");
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class,
                            MoiraiClusterAutoConfiguration.class))
                    .withPropertyValues("moirai.parallelism=1", "moirai.cluster.name=" + name,
                            "moirai.cluster.port=" + (port + 1), "moirai.cluster.members=127.0.0.1:" + port)
                    .run(second -> {
                        HazelcastInstance joined = second.getBean(MoiraiCluster.class).hazelcast();
                        assertThat(joined.getCluster().getMembers()).hasSize(2);
                        assertThat(joined.getConfig().getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                                .containsExactly("127.0.0.1:" + port);
                        assertThat(joined.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
                    });
        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aTakenPortIsNamedInAWarningWithThePortTheMemberTookInstead(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            this.runner.withPropertyValues("moirai.cluster.port=" + port).run(context -> {
                int bound = context.getBean(MoiraiCluster.class).hazelcast().getCluster().getLocalMember().getAddress()
                        .getPort();
                assertThat(bound).isNotEqualTo(port);
                assertThat(output).contains("Moirai cluster port " + port + " (moirai.cluster.port) was taken: "
                        + "the embedded member listens on " + bound + " instead");
            });
        }
    }

    @Test
    void twoEmbeddedMembersWithoutMembersJoinNobodyEvenWithTheSameNameOnOneHost() {
        this.runner.run(first -> this.runner
                .withPropertyValues("moirai.cluster.name=" + first.getEnvironment().getProperty("moirai.cluster.name"))
                .run(second -> {
                    assertThat(first.getBean(MoiraiCluster.class).hazelcast().getCluster().getMembers()).hasSize(1);
                    assertThat(second.getBean(MoiraiCluster.class).hazelcast().getCluster().getMembers()).hasSize(1);
                }));
    }

    @Test
    void payloadsOfAPackageOutsideTheAllowListAreRefused() {
        this.runner.run(context -> assertThatThrownBy(() -> context.getBean(MoiraiCluster.class).executor()
                .submit(Money.task(5)).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("com.example.payload"));
    }

    @Test
    void allowedClassesAddPackagesToTheAllowList() {
        this.runner.withPropertyValues("moirai.cluster.allowed-classes=com.example.payload.*").run(context -> assertThat(
                context.getBean(MoiraiCluster.class).executor().submit(Money.task(5)).get(30, TimeUnit.SECONDS))
                .isEqualTo(new Money(5)));
    }

    @Test
    void theApplicationsPackagesAreAllowed() {
        this.runner.withInitializer(context -> AutoConfigurationPackages
                .register((GenericApplicationContext) context, "com.example.payload")).run(context -> assertThat(
                        context.getBean(MoiraiCluster.class).executor().submit(Money.task(7)).get(30, TimeUnit.SECONDS))
                        .isEqualTo(new Money(7)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "moirai.cluster.members         | 127.0.0.1                | a comma-separated list of host:port",
            "moirai.cluster.members         | 127.0.0.1:5701,host:0    | a comma-separated list of host:port",
            "moirai.cluster.members         | 127.0.0.1:70000          | a comma-separated list of host:port",
            "moirai.cluster.members         | :5701                    | a comma-separated list of host:port",
            "moirai.cluster.min-members     | 0                        | an integer of at least 1",
            "moirai.cluster.min-members     | many                     | an integer of at least 1",
            "moirai.cluster.allowed-classes | com.acme..model          | a comma-separated list of Java package names",
            "moirai.cluster.port            | 0                        | a port from 1 to 65535",
            "moirai.cluster.name            | ''                       | a non-blank cluster name",
            "moirai.cluster.busy-timeout    | -1s                      | a duration from 0 to",
            "moirai.cluster.busy-timeout    | soon                     | a duration from 0 to" })
    void anInvalidValueStopsStartUpWithAReportNamingPropertyValueAndWhatIsAllowed(String property, String value,
            String allowed) {
        this.runner.withPropertyValues(property + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property).contains("Value: \"" + value + "\"")
                    .contains("Allowed: " + allowed);
            assertThat(analysis.getAction()).contains("Set " + property + " to " + allowed);
        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anInvalidClusterValueStopsStartUpBeforeTheRuntimeStartsItsThreads(CapturedOutput output) {
        this.runner.withPropertyValues("moirai.cluster.port=0").run(context -> assertThat(context).hasFailed());
        assertThat(output).doesNotContain("Moirai runtime started");
    }

    @Test
    void everyInvalidClusterValueIsNamedAtOnce() {
        this.runner.withPropertyValues("moirai.cluster.members=nowhere", "moirai.cluster.min-members=zero").run(context -> {
            FailureAnalysis analysis = new MoiraiPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("2 moirai.* properties have invalid values")
                    .contains("Property: moirai.cluster.members").contains("Property: moirai.cluster.min-members");
        });
    }

    @Test
    void theBusyTimeoutIsBoundAndDefaultsToFiveSeconds() {
        this.runner.run(context -> assertThat(context.getBean(MoiraiClusterProperties.class).getBusyTimeout())
                .isEqualTo(Duration.ofSeconds(5)));
        this.runner.withPropertyValues("moirai.cluster.busy-timeout=750ms").run(context -> assertThat(
                context.getBean(MoiraiClusterProperties.class).getBusyTimeout()).isEqualTo(Duration.ofMillis(750)));
    }

    @Test
    void aDisabledClusterIgnoresItsOtherValues() {
        this.runner.withPropertyValues("moirai.cluster.enabled=false", "moirai.cluster.members=nowhere")
                .run(context -> assertThat(context).hasNotFailed());
    }

    /** Boot's member for one test: loopback, its own cluster name, no discovery at all. */
    static Config bootMemberConfig() {
        Config config = new Config();
        config.setClusterName("boot-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(7100).setPortAutoIncrement(true);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        return config;
    }

    /** Notes, when the runtime reports that it stopped, whether the cluster was closed by then. */
    static final class ClusterStateWhenRuntimeStops implements ApplicationListener<MoiraiRuntimeStoppedEvent> {

        final List<Boolean> clusterClosed = new CopyOnWriteArrayList<>();
        private final ObjectProvider<MoiraiCluster> cluster;

        ClusterStateWhenRuntimeStops(ObjectProvider<MoiraiCluster> cluster) {
            this.cluster = cluster;
        }

        @Override
        public void onApplicationEvent(MoiraiRuntimeStoppedEvent event) {
            this.clusterClosed.add(this.cluster.getObject().isClosed());
        }
    }
}
