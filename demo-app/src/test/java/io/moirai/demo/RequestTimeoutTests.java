package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.AsyncTaskExecutor;
import tools.jackson.databind.JsonNode;

/**
 * The request timeout is the backstop for work that does not finish (the demo sets 120 s; 1 s
 * here): its 503 carries a problem body that says the work did not finish in time, and, when the
 * runtime is paused, that the work waits for a resume and how to resume.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.mvc.async.request-timeout=1s", "moirai.parallelism=2", "moirai.cluster.enabled=false" })
class RequestTimeoutTests {

    @LocalServerPort
    private int port;

    @Autowired
    private MoiraiRuntime runtime;

    @Autowired
    @Qualifier("applicationTaskExecutor")
    private AsyncTaskExecutor applicationTaskExecutor;

    private DemoHttp http;

    @BeforeEach
    void connect() {
        this.http = new DemoHttp(this.port);
    }

    @Test
    void workThatOutlastsTheRequestTimeoutAnswers503SayingItDidNotFinishInTime() {
        DemoHttp.Response slow = this.http.get("/api/io?millis=10000", "user");
        assertThat(slow.status()).isEqualTo(503);
        assertThat(slow.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = slow.json();
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asString()).isEqualTo("the work did not finish within the request timeout"
                + " of 1 s (spring.mvc.async.request-timeout); it goes on, but this request no longer waits for it");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/io");
    }

    /**
     * A request that passed the paused check just before the pause: its work waits to start, and
     * the timeout's answer says so. The test's own task holds the only blocking permit, so the
     * request's task is still waiting when the pause comes.
     */
    @Test
    void aRequestWhoseWorkWaitsOnAPausedRuntimeTimesOutSayingHowToResume() throws Exception {
        try (QueuedBehindTheOnlyPermit queued = new QueuedBehindTheOnlyPermit(this.runtime,
                this.applicationTaskExecutor, this.http, "/api/io?millis=1")) {
            this.runtime.pause();
            queued.releaseThePermit();

            DemoHttp.Response timedOut = queued.request().get(30, TimeUnit.SECONDS);
            assertThat(timedOut.status()).isEqualTo(503);
            assertThat(timedOut.header("Retry-After")).isEqualTo("10");
            JsonNode problem = timedOut.json();
            assertThat(problem.get("detail").asString())
                    .startsWith("the work did not finish within the request timeout of 1 s")
                    .contains("Moirai is paused").contains("POST /actuator/moirai/resume");
            assertThat(problem.get("state").asString()).isEqualTo("PAUSED");

            // the work was not dropped: it still waited, and starts once resumed
            assertThat(this.runtime.snapshot().blockingWaiting()).isEqualTo(1);
            this.runtime.resume();
            await().atMost(Duration.ofSeconds(30)).until(() -> this.runtime.snapshot().blockingWaiting() == 0);
        }
    }
}
