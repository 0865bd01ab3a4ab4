package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.moirai.hazelcast.MoiraiCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The demo as a one-member cluster on its embedded defaults: the pipeline in the distributed
 * context gives the sequential checksum, and {@code /actuator/moirai} and the health show the
 * cluster. A cluster name of its own keeps the test's member apart from a demo running on the
 * same machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "moirai.parallelism=2", "moirai.cluster.name=demo-test", "moirai.cluster.port=6901" })
class DistributedPipelineTests {

    @LocalServerPort
    private int port;

    @Autowired
    private MoiraiCluster cluster;

    private DemoHttp http;

    @BeforeEach
    void connect() {
        this.http = new DemoHttp(this.port);
    }

    @Test
    void theDistributedContextGivesTheSequentialChecksum() {
        JsonNode sequential = this.http.get("/api/pipeline?n=200000&context=sequential", "user").json();
        JsonNode distributed = this.http.get("/api/pipeline?n=200000&context=distributed", "user").json();

        assertThat(distributed.get("context").asString()).isEqualTo("distributed");
        assertThat(distributed.get("checksum").asLong()).isEqualTo(sequential.get("checksum").asLong());
    }

    @Test
    void theEmbeddedMemberIsAloneOnLoopbackAndShownByActuator() {
        assertThat(this.cluster.hazelcast().getCluster().getMembers()).hasSize(1);
        JsonNode members = this.http.get("/actuator/moirai", null).json().get("cluster").get("members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("address").asString()).startsWith("127.0.0.1:");
        assertThat(members.get(0).get("serving").asBoolean()).isTrue();
        JsonNode health = this.http.get("/actuator/health", null).json();
        assertThat(health.get("components").get("moiraiCluster").get("status").asString()).isEqualTo("UP");
    }
}
