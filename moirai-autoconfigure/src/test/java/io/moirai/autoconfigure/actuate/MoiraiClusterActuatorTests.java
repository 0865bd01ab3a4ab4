package io.moirai.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.moirai.autoconfigure.ClusterTestMembers;
import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.autoconfigure.MoiraiClusterAutoConfiguration;
import io.moirai.autoconfigure.metrics.MoiraiMetricsAutoConfiguration;
import io.moirai.channel.RemoteChannel;
import io.moirai.hazelcast.MoiraiCluster;
import io.moirai.iter.Iter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster in Actuator, on in-JVM embedded members that join over TCP-IP on loopback under a
 * cluster name of their own: the endpoint's {@code cluster} field, the {@code moiraiCluster}
 * health contributor against {@code min-members}, the {@code moirai.cluster.*} meters (channels
 * included), and the
 * audit events of two members joining and one leaving.
 */
class MoiraiClusterActuatorTests {

    private final String[] isolated = ClusterTestMembers.isolated();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class, MoiraiClusterAutoConfiguration.class,
                    MoiraiEndpointAutoConfiguration.class, MoiraiClusterHealthContributorAutoConfiguration.class,
                    MoiraiAuditAutoConfiguration.class, MoiraiMetricsAutoConfiguration.class,
                    EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    AuditAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("moirai.parallelism=2", "management.endpoints.web.exposure.include=moirai")
            .withPropertyValues(this.isolated)
            .withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new);

    /** Another instance that joins {@code first}'s member. */
    private void joining(AssertableApplicationContext first, ContextConsumer<AssertableApplicationContext> test) {
        int port = cluster(first).hazelcast().getCluster().getLocalMember().getAddress().getPort();
        this.runner.withPropertyValues("moirai.cluster.members=127.0.0.1:" + port).run(test);
    }

    private static MoiraiCluster cluster(AssertableApplicationContext context) {
        return context.getBean(MoiraiCluster.class);
    }

    private static void awaitServing(AssertableApplicationContext context, int members) {
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> cluster(context).snapshot().members().stream()
                .filter(m -> m.serving()).count() == members);
    }

    @Test
    void theEndpointHasATopLevelClusterFieldWithMembersAndJobs() {
        this.runner.run(first -> joining(first, second -> {
            awaitServing(first, 2);
            JsonNode json = JsonMapper.builder().build().valueToTree(first.getBean(MoiraiEndpoint.class).snapshot());
            assertThat(json.propertyNames()).endsWith("topology", "cluster");
            JsonNode cluster = json.get("cluster");
            assertThat(cluster.propertyNames()).containsExactly("members", "jobs");
            assertThat(cluster.get("members")).hasSize(2);
            JsonNode member = cluster.get("members").get(0);
            assertThat(member.propertyNames()).containsExactly("uuid", "address", "local", "serving", "parallelism");
            assertThat(cluster.get("members").valueStream().map(m -> m.get("address").asString()))
                    .allMatch(address -> address.startsWith("127.0.0.1:"));
            assertThat(cluster.get("members").valueStream().filter(m -> m.get("local").asBoolean())).hasSize(1);
            assertThat(cluster.get("members").valueStream().map(m -> m.get("parallelism").asInt())).containsOnly(2);
            assertThat(cluster.get("jobs")).isEmpty();
        }));
    }

    @Test
    void aRunningJobShowsItsChunksDoneOutOfTheTotalAndInFlightPerMember() {
        MoiraiClusterDescriptor.Job job = ClusterDescriptions.of(new io.moirai.hazelcast.ClusterSnapshot(List.of(),
                List.of(new io.moirai.hazelcast.ClusterSnapshot.JobState(3, List.of("range", "map", "sum"), 5, 16,
                        Map.of(java.util.UUID.fromString("00000000-0000-0000-0000-000000000002"), 2,
                                java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"), 1)))))
                .jobs().getFirst();
        JsonNode json = JsonMapper.builder().build().valueToTree(job);
        assertThat(json.propertyNames()).containsExactly("id", "stages", "chunksDone", "chunksTotal", "inFlightByMember");
        assertThat(json.get("chunksDone").asInt()).isEqualTo(5);
        assertThat(json.get("chunksTotal").asInt()).isEqualTo(16);
        assertThat(json.get("inFlightByMember").propertyNames()).containsExactly(
                "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002");
    }

    @Test
    void withoutAClusterTheEndpointHasNoClusterField() {
        this.runner.withPropertyValues("moirai.cluster.enabled=false").run(context -> {
            JsonNode json = JsonMapper.builder().build().valueToTree(context.getBean(MoiraiEndpoint.class).snapshot());
            assertThat(json.has("cluster")).isFalse();
        });
    }

    @Test
    void healthIsUpWithMinMembersServingAndDownBelow() {
        this.runner.withPropertyValues("moirai.cluster.min-members=2").run(first -> {
            MoiraiClusterHealthIndicator health = first.getBean("moiraiClusterHealthIndicator",
                    MoiraiClusterHealthIndicator.class);
            Health alone = health.health(true);
            assertThat(alone.getStatus()).isEqualTo(Status.DOWN);
            assertThat(alone.getDetails()).containsEntry("members", 1).containsEntry("servingMembers", 1L)
                    .containsEntry("minMembers", 2);
            joining(first, second -> {
                awaitServing(first, 2);
                Health together = health.health(true);
                assertThat(together.getStatus()).isEqualTo(Status.UP);
                assertThat(together.getDetails()).containsEntry("members", 2).containsEntry("servingMembers", 2L);
            });
            Awaitility.await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> health.health(true).getStatus().equals(Status.DOWN));
        });
    }

    @Test
    void healthIsDownOnceTheClusterIsClosed() {
        this.runner.run(context -> {
            MoiraiClusterHealthIndicator health = context.getBean(MoiraiClusterHealthIndicator.class);
            assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
            cluster(context).close();
            assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthCanBeSwitchedOff() {
        this.runner.withPropertyValues("management.health.moirai-cluster.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MoiraiClusterHealthIndicator.class)
                        .hasSingleBean(MoiraiCluster.class));
    }

    @Test
    void theMetersCountMembersChunksAndRemoteTasks() {
        this.runner.run(first -> joining(first, second -> {
            awaitServing(first, 2);
            MeterRegistry registry = first.getBean(MeterRegistry.class);
            assertThat(registry.get("moirai.cluster.members").gauge().value()).isEqualTo(2.0);
            assertThat(registry.get("moirai.cluster.members.serving").gauge().value()).isEqualTo(2.0);
            long sum = Iter.range(0, 100_000).filter(i -> i % 7 == 0).asLongIter().on(cluster(first).context()).sum();
            assertThat(sum).isEqualTo(Iter.range(0, 100_000).filter(i -> i % 7 == 0).asLongIter().sum());
            double done = registry.get("moirai.cluster.chunks.completed").functionCounter().count();
            assertThat(done).isPositive();
            assertThat(registry.get("moirai.cluster.chunks.sent").functionCounter().count()).isGreaterThanOrEqualTo(done);
            assertThat(registry.get("moirai.cluster.chunks.resent").functionCounter().count()).isZero();
            for (int i = 0; i < 3; i++) {
                cluster(first).executor().submit(() -> 1).get(30, TimeUnit.SECONDS);
            }
            assertThat(registry.get("moirai.cluster.remote.tasks").functionCounter().count()).isEqualTo(3.0);
            assertThat(registry.get("moirai.cluster.payloads.refused").functionCounter().count()).isZero();
            assertThat(registry.get("moirai.cluster.jobs.active").gauge().value()).isZero();
        }));
    }

    @Test
    void theMetersCountChannelSendsAndReceivesPerChannelOnTheMemberThatDidThem() {
        this.runner.run(first -> joining(first, second -> {
            awaitServing(first, 2);
            RemoteChannel<Integer> out = cluster(first).channel("orders", 100);
            RemoteChannel<Integer> in = cluster(second).channel("orders", 100);
            for (int i = 0; i < 5; i++) {
                out.send(i);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(in.receive(30, TimeUnit.SECONDS)).isNotNull();
            }
            MeterRegistry sender = first.getBean(MeterRegistry.class);
            MeterRegistry receiver = second.getBean(MeterRegistry.class);
            assertThat(sender.get("moirai.cluster.channel.sends").tag("channel", "orders").functionCounter().count())
                    .isEqualTo(5.0);
            assertThat(receiver.get("moirai.cluster.channel.receives").tag("channel", "orders").functionCounter()
                    .count()).isEqualTo(3.0);
            assertThat(receiver.get("moirai.cluster.channel.sends").tag("channel", "orders").functionCounter().count())
                    .as("each member counts what it did").isZero();
        }));
    }

    @Test
    void twoMembersJoiningAndOneLeavingAreAudited() {
        this.runner.run(first -> joining(first, second -> {
            joining(first, third -> awaitServing(first, 3));
            awaitServing(first, 2);
            AuditEventRepository audit = first.getBean(AuditEventRepository.class);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> audit.find(null, null, MoiraiAuditBridge.MEMBER_LEFT).size() == 1);
            List<AuditEvent> joined = audit.find(null, null, MoiraiAuditBridge.MEMBER_JOINED);
            AuditEvent left = audit.find(null, null, MoiraiAuditBridge.MEMBER_LEFT).getFirst();
            assertThat(joined).as("this member and the two that joined").hasSize(3);
            assertThat(joined).filteredOn(e -> Boolean.TRUE.equals(e.getData().get("local"))).hasSize(1);
            assertThat(joined).allSatisfy(e -> {
                assertThat(e.getPrincipal()).isEqualTo("moirai");
                assertThat(e.getData().get("address").toString()).startsWith("127.0.0.1:");
            });
            String secondMember = cluster(second).hazelcast().getCluster().getLocalMember().getUuid().toString();
            assertThat(left.getData()).containsEntry("local", false).containsEntry("servingMembers", 2)
                    .doesNotContainEntry("member", secondMember);
            assertThat(joined).extracting(e -> e.getData().get("member")).contains(left.getData().get("member"))
                    .contains(secondMember);
        }));
    }
}
