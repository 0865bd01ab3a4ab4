package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the dashboard relies on, over HTTP as a browser speaks it (cookies, a form post, an event
 * stream): the stream's events (whose samples list a bounded number of workers), the login
 * form's session, and the CSRF token that session's writes need, while HTTP Basic callers keep
 * working without one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moirai.parallelism=2")
class DashboardSessionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    @Autowired
    private DashboardFeed feed;

    private HttpClient browser;

    @BeforeEach
    void newBrowser() {
        this.browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void theStreamStartsWithTheHistoryThenSendsASampleEverySecond() throws Exception {
        HttpResponse<Stream<String>> response = this.browser.send(request("/api/stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        JsonNode sample = null;
        try (Stream<String> lines = response.body()) {
            Iterator<String> iterator = lines.iterator();
            while (sample == null && iterator.hasNext()) {
                String line = iterator.next();
                if (line.startsWith("event:")) {
                    events.add(line.substring("event:".length()));
                } else if (line.startsWith("data:") && events.getLast().equals("sample")) {
                    sample = JSON.readTree(line.substring("data:".length()));
                }
            }
        }
        assertThat(events.getFirst()).isEqualTo("history");
        assertThat(sample).isNotNull();
        assertThat(sample.get("state").asString()).isEqualTo("RUNNING");
        assertThat(sample.get("parallelism").asInt()).isEqualTo(2);
        assertThat(sample.get("workers").size()).isEqualTo(2);
        for (String lane : new String[] { "cpu", "blocking" }) {
            for (String field : new String[] { "completed", "completedPerSecond", "active", "queued", "rejected",
                    "rejectedPerSecond", "runTime", "queueWait" }) {
                assertThat(sample.get(lane).has(field)).as(lane + "." + field).isTrue();
            }
            assertThat(sample.at("/" + lane + "/runTime").has("p99")).isTrue();
        }
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a stream that does not end would hang the read
    void aPageThatReconnectsAfterTheFeedStoppedGetsAStreamThatEnds() throws Exception {
        // what a page's EventSource does when the application closes: stop() ends its stream and
        // it reconnects at once, before the web server stops taking requests
        this.feed.stop();
        try {
            HttpResponse<Stream<String>> response = this.browser.send(request("/api/stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> events;
            try (Stream<String> lines = response.body()) {
                // reading to the end returns: the stream ended instead of waiting for samples
                events = lines.filter(line -> line.startsWith("event:")).toList();
            }
            assertThat(events).first().isEqualTo("event:history");
            assertThat(events).doesNotContain("event:sample");
        } finally {
            this.feed.start();
        }
    }

    @Test
    void theLoginFormOpensASessionWhoseWritesNeedTheCsrfToken() throws Exception {
        JsonNode anonymous = me();
        assertThat(anonymous.get("user").asString()).isEmpty();
        assertThat(anonymous.get("admin").asBoolean()).isFalse();

        HttpResponse<String> wrong = login("admin", "wrong", anonymous);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("detail").asString()).isEqualTo("wrong user name or password");
        assertThat(login("admin", "admin", anonymous).statusCode()).isEqualTo(204);

        JsonNode admin = me();
        assertThat(admin.get("user").asString()).isEqualTo("admin");
        assertThat(admin.get("admin").asBoolean()).isTrue();
        String resize = "{\"blockingConcurrency\": 200}";
        try {
            HttpResponse<String> forged = send(request("/actuator/moirai").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(resize)));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(forged.body()).get("detail").asString()).contains("CSRF token");
            HttpResponse<String> withToken = send(request("/actuator/moirai").header("Content-Type", "application/json")
                    .header(admin.get("csrfHeader").asString(), admin.get("csrfToken").asString())
                    .POST(HttpRequest.BodyPublishers.ofString(resize)));
            assertThat(withToken.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(withToken.body()).get("blockingConcurrency").asInt()).isEqualTo(200);
        } finally {
            new DemoHttp(this.port).post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 256}");
        }
    }

    @Test
    void thePagesOwnRequestsGet401WithoutABasicChallengeSoTheBrowserAsksNothing() throws Exception {
        HttpResponse<String> page = send(request("/api/load").header("X-Requested-With", "XMLHttpRequest")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("WWW-Authenticate")).isEmpty();
        HttpResponse<String> script = send(request("/api/load").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }

    @Test
    void aSampleListsAtMostTheBusiestWorkersAndCountsThemAll() {
        DemoHttp http = new DemoHttp(this.port);
        try {
            assertThat(http.post("/actuator/moirai", "admin", "{\"parallelism\": 1000}").status()).isEqualTo(200);
            DashboardSample sample = await().atMost(Duration.ofSeconds(30))
                    .until(this::lastSample, last -> last != null && last.workerCount() == 1000);
            assertThat(sample.parallelism()).isEqualTo(1000);
            assertThat(sample.workers()).hasSize(DashboardSample.WORKERS_SHOWN);
            assertThat(sample.workers()).extracting(DashboardSample.Worker::name).doesNotHaveDuplicates();
            // the page starts from the history: every sample there is as small
            assertThat(this.feed.history()).allSatisfy(
                    kept -> assertThat(kept.workers()).hasSizeLessThanOrEqualTo(DashboardSample.WORKERS_SHOWN));
        } finally {
            http.post("/actuator/moirai", "admin", "{\"parallelism\": 2}");
        }
        DashboardSample shrunk = await().atMost(Duration.ofSeconds(30))
                .until(this::lastSample, last -> last != null && last.workerCount() == 2);
        assertThat(shrunk.workers()).hasSize(2);
    }

    private @Nullable DashboardSample lastSample() {
        List<DashboardSample> history = this.feed.history();
        return history.isEmpty() ? null : history.getLast();
    }

    private JsonNode me() throws IOException, InterruptedException {
        return JSON.readTree(send(request("/api/me").GET()).body());
    }

    private HttpResponse<String> login(String user, String password, JsonNode csrf)
            throws IOException, InterruptedException {
        return send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .header(csrf.get("csrfHeader").asString(), csrf.get("csrfToken").asString())
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return this.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
