package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.spring.MoiraiTaskExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;

/**
 * The demo over a real port: {@code @Async} and MVC async on Moirai's threads, the endpoint's
 * guarded writes, audit events with their principal, meters under Micrometer's executor names,
 * and the caller's {@code SecurityContext} carried by every task and never left behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "moirai.parallelism=2")
class DemoApplicationTests {

    @LocalServerPort
    private int port;

    @Autowired
    @Qualifier("applicationTaskExecutor")
    private AsyncTaskExecutor applicationTaskExecutor;

    @Autowired
    @Qualifier(MoiraiTaskExecutor.CPU_BEAN_NAME)
    private AsyncTaskExecutor cpuTaskExecutor;

    @Autowired
    private MoiraiRuntime runtime;

    private DemoHttp http;

    @BeforeEach
    void connect() {
        this.http = new DemoHttp(this.port);
    }

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void asyncCpuWorkRunsOnAMoiraiCpuWorker() {
        DemoHttp.Response response = this.http.get("/api/cpu?limit=20000", "user");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("thread").asString()).startsWith("moirai-cpu-");
        assertThat(response.json().get("result").asLong()).isEqualTo(2262);
    }

    @Test
    void thePipelineGivesTheSameChecksumInEveryContext() {
        JsonNode sequential = this.http.get("/api/pipeline?n=200000&context=sequential", "user").json();
        JsonNode parallel = this.http.get("/api/pipeline?n=200000&context=parallel", "user").json();
        JsonNode hybrid = this.http.get("/api/pipeline?n=200000&context=HYBRID", "user").json();

        assertThat(sequential.get("context").asString()).isEqualTo("sequential");
        assertThat(parallel.get("checksum").asLong()).isEqualTo(sequential.get("checksum").asLong());
        assertThat(hybrid.get("checksum").asLong()).isEqualTo(sequential.get("checksum").asLong());
    }

    @Test
    void thePipelineRefusesAnUnknownContextNamingTheAllowedOnes() {
        DemoHttp.Response response = this.http.get("/api/pipeline?context=gpu", "user");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("sequential, parallel, hybrid");
    }

    @Test
    void asyncSimulatedIoRunsOnTheBlockingLanesVirtualThreads() {
        JsonNode result = this.http.get("/api/io?millis=5", "user").json();
        assertThat(result.get("thread").asString()).startsWith("moirai-blocking-");
        assertThat(result.get("virtual").asBoolean()).isTrue();
    }

    @Test
    void mvcAsyncRunsCallablesOnTheApplicationTaskExecutor() {
        DemoHttp.Response response = this.http.get("/api/callable", "user");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("thread").asString()).startsWith("moirai-blocking-");
    }

    @Test
    void anAsyncTaskRunsAsTheUserWhoCalled() {
        assertThat(this.http.get("/api/whoami", "admin").json().get("userSeenByAsyncTask").asString())
                .isEqualTo("admin");
        assertThat(this.http.get("/api/whoami", "user").json().get("userSeenByAsyncTask").asString())
                .isEqualTo("user");
    }

    @Test
    void anonymousApiCallsGet401WithABasicChallengeNotALoginPage() {
        DemoHttp.Response response = this.http.get("/api/io", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.authenticate()).startsWith("Basic");
        assertThat(this.http.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(this.http.get("/", null).status()).isEqualTo(200);
    }

    /**
     * Every error of the API is an RFC 9457 problem, whoever answers it: the demo's handlers (a bad
     * parameter, a conflict), Spring MVC (an unknown path, a method the path does not take) and the
     * security chain (no principal, a wrong password, a missing role); and so is Actuator's answer
     * to a body that is not JSON, which Spring MVC reads for it.
     */
    @Test
    void errorsAreProblemDetailsWhoeverAnswersThem() {
        assertProblem(this.http.get("/api/cpu?limit=1", "user"), 400, "/api/cpu",
                "limit must be between 2 and 20000000, was 1");
        assertProblem(this.http.get("/api/nothing", "user"), 404, "/api/nothing", "No static resource api/nothing.");
        assertProblem(this.http.post("/api/io", "user", ""), 405, "/api/io", "Method 'POST' is not supported.");
        DemoHttp.Response anonymous = this.http.get("/api/io", null);
        assertProblem(anonymous, 401, "/api/io", "sign in first, with HTTP Basic or the dashboard's sign-in form");
        assertThat(anonymous.authenticate()).isEqualTo("Basic realm=\"Moirai demo\"");
        DemoHttp.Response wrongPassword = this.http.get("/api/io", "user", "wrong");
        assertProblem(wrongPassword, 401, "/api/io", "wrong user name or password");
        assertThat(wrongPassword.authenticate()).isEqualTo("Basic realm=\"Moirai demo\"");
        assertProblem(this.http.get("/actuator/metrics", "user"), 403, "/actuator/metrics",
                "signed in as user, without the role this needs");
        assertProblem(this.http.post("/actuator/moirai", "admin", "{\"parallelism\": "), 400, "/actuator/moirai",
                "Failed to read request");
    }

    private static void assertProblem(DemoHttp.Response response, int status, String instance, String detail) {
        assertThat(response.status()).as(instance).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(instance).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).as(instance).isEqualTo(status);
        assertThat(problem.get("title").asString()).as(instance).isNotBlank();
        assertThat(problem.get("instance").asString()).as(instance).isEqualTo(instance);
        assertThat(problem.get("detail").asString()).as(instance).isEqualTo(detail);
    }

    @Test
    void theEndpointIsReadableAndItsWritesNeedAPrincipalWithTheWriteRole() {
        DemoHttp.Response read = this.http.get("/actuator/moirai", null);
        assertThat(read.status()).isEqualTo(200);
        for (String field : new String[] { "state", "parallelism", "blockingConcurrency", "queueCapacity", "workers",
                "active", "queued", "completed", "failed", "cancelled", "rejected", "steals", "parks", "blockingInUse",
                "blockingWaiting", "timersPending", "topology" }) {
            assertThat(read.json().has(field)).as(field).isTrue();
        }
        String resize = "{\"parallelism\": 3, \"blockingConcurrency\": 300}";
        assertThat(this.http.post("/actuator/moirai", null, resize).status()).isEqualTo(401);
        assertThat(this.http.post("/actuator/moirai", "user", resize).status()).isEqualTo(403);
        DemoHttp.Response accepted = this.http.post("/actuator/moirai", "admin", resize);
        try {
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(accepted.json().get("parallelism").asInt()).isEqualTo(3);
            assertThat(accepted.json().get("blockingConcurrency").asInt()).isEqualTo(300);
            assertThat(this.http.post("/actuator/moirai", "admin", "{\"parallelism\": 0}").status()).isEqualTo(400);
        } finally {
            this.http.post("/actuator/moirai", "admin", "{\"parallelism\": 2, \"blockingConcurrency\": 256}");
        }
    }

    @Test
    void pausingTakesTheApplicationOutOfServiceUntilResumed() {
        assertThat(this.http.post("/actuator/moirai/pause", null, "").status()).isEqualTo(401);
        assertThat(this.http.post("/actuator/moirai/pause", "user", "").status()).isEqualTo(403);
        try {
            DemoHttp.Response paused = this.http.post("/actuator/moirai/pause", "admin", "");
            assertThat(paused.status()).isEqualTo(200);
            assertThat(paused.json().get("state").asString()).isEqualTo("PAUSED");
            DemoHttp.Response health = this.http.get("/actuator/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().at("/components/moirai/status").asString()).isEqualTo("OUT_OF_SERVICE");
        } finally {
            assertThat(this.http.post("/actuator/moirai/resume", "admin", "").status()).isEqualTo(200);
        }
        assertThat(this.http.get("/actuator/health", null).json().at("/components/moirai/status").asString())
                .isEqualTo("UP");
    }

    /**
     * While paused, nothing new starts on Moirai, so a request whose work runs on it would wait for
     * a resume or its 120 s timeout; the API refuses it at once instead, saying why and how to resume.
     */
    @Test
    void whilePausedTheWorkEndpointsAnswer503AtOnceWithAProblemSayingHowToResume() {
        assertThat(this.http.post("/actuator/moirai/pause", "admin", "").status()).isEqualTo(200);
        try {
            long start = System.nanoTime();
            for (String path : new String[] { "/api/io?millis=1", "/api/cpu?limit=1000", "/api/callable", "/api/whoami",
                    "/api/pipeline?n=1000&context=parallel", "/api/pipeline?n=1000&context=hybrid" }) {
                DemoHttp.Response refused = this.http.get(path, "user");
                assertThat(refused.status()).as(path).isEqualTo(503);
                assertThat(refused.header("Retry-After")).as(path).isEqualTo("10");
                assertThat(refused.header("Content-Type")).as(path).startsWith("application/problem+json");
                JsonNode problem = refused.json();
                assertThat(problem.get("status").asInt()).as(path).isEqualTo(503);
                assertThat(problem.get("detail").asString()).as(path).startsWith("Moirai is paused: ")
                        .contains("POST /actuator/moirai/resume");
                assertThat(problem.get("state").asString()).as(path).isEqualTo("PAUSED");
                assertThat(problem.get("instance").asString()).as(path).isEqualTo(path.replaceAll("\\?.*", ""));
            }
            DemoHttp.Response comparison = this.http.post("/api/load?workload=io&tasks=10&millis=1", "user", "");
            assertThat(comparison.status()).isEqualTo(503);
            assertThat(comparison.header("Retry-After")).isEqualTo("10");
            // what does not run on the runtime still answers
            assertThat(this.http.get("/api/pipeline?n=1000&context=sequential", "user").status()).isEqualTo(200);
            assertThat(this.http.get("/api/rates", "user").status()).isEqualTo(200);
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
        } finally {
            assertThat(this.http.post("/actuator/moirai/resume", "admin", "").status()).isEqualTo(200);
        }
        DemoHttp.Response resumed = this.http.get("/api/io?millis=1", "user");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.json().get("thread").asString()).startsWith("moirai-blocking-");
        assertThat(this.http.get("/api/cpu?limit=1000", "user").status()).isEqualTo(200);
    }

    /**
     * The refusal is a fast path: a request that passed it just before the pause keeps waiting,
     * and its work runs once the runtime is resumed. The test's own task holds the only blocking
     * permit, so the request's task is still waiting to start when the pause comes.
     */
    @Test
    void aRequestWhoseWorkWaitsWhenTheRuntimePausesIsAnsweredOnceItIsResumed() throws Exception {
        try (QueuedBehindTheOnlyPermit queued = new QueuedBehindTheOnlyPermit(this.runtime,
                this.applicationTaskExecutor, this.http, "/api/io?millis=1")) {
            assertThat(this.http.post("/actuator/moirai/pause", "admin", "").status()).isEqualTo(200);
            queued.releaseThePermit();
            // the permit is free, but nothing starts while paused
            assertThat(this.runtime.snapshot().blockingWaiting()).isEqualTo(1);
            assertThat(queued.request()).isNotDone();

            assertThat(this.http.post("/actuator/moirai/resume", "admin", "").status()).isEqualTo(200);
            DemoHttp.Response answered = queued.request().get(30, TimeUnit.SECONDS);
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.json().get("thread").asString()).startsWith("moirai-blocking-");
        }
    }

    @Test
    void acceptedWritesAppearInTheAuditEventsWithTheirPrincipal() {
        this.http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 128}");
        this.http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 256}");
        JsonNode events = this.http
                .get("/actuator/auditevents?principal=admin&type=MOIRAI_RUNTIME_RECONFIGURED", "admin").json()
                .get("events");
        assertThat(events.size()).isGreaterThanOrEqualTo(2);
        assertThat(events.valueStream().map(event -> event.at("/data/blockingConcurrency").asInt()))
                .contains(128, 256);
        JsonNode started = this.http.get("/actuator/auditevents?type=MOIRAI_RUNTIME_STARTED", "admin").json()
                .get("events");
        assertThat(started.size()).isEqualTo(1);
        assertThat(this.http.get("/actuator/auditevents", "user").status()).isEqualTo(403);
    }

    @Test
    void metersAppearUnderMicrometersExecutorNamesTaggedPerLane() {
        this.http.get("/api/cpu?limit=1000", "user");
        JsonNode names = this.http.get("/actuator/metrics", "admin").json().get("names");
        assertThat(names.valueStream().map(JsonNode::asString)).contains("executor", "executor.idle",
                "executor.completed", "executor.active", "executor.queued", "executor.pool.size", "executor.steals",
                "executor.parallelism", "executor.running", "executor.pool.max", "moirai.tasks.rejected",
                "moirai.workers.parks", "moirai.blocking.detected", "moirai.blocking.permits",
                "moirai.blocking.permits.used");
        JsonNode cpuTags = this.http.get("/actuator/metrics/executor.completed", "admin").json()
                .at("/availableTags/0/values");
        assertThat(cpuTags.valueStream().map(JsonNode::asString)).contains("moirai-cpu", "moirai-blocking");
        assertThat(this.http.get("/actuator/metrics/executor.steals?tag=name:moirai-cpu", "admin").status())
                .isEqualTo(200);
    }

    @Test
    void theLoadComparisonRunsTheWorkloadOnBootsDefaultBootsVirtualThreadsAndMoirai() {
        DemoHttp.Response response = this.http.post("/api/load?workload=mixed&tasks=200&millis=2", "user", "");
        assertThat(response.status()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("workload").asString()).isEqualTo("mixed");
        assertThat(report.get("running").asBoolean()).isFalse();
        JsonNode results = report.get("results");
        assertThat(results.valueStream().map(result -> result.get("executor").asString()))
                .containsExactly("boot-default", "boot-virtual", "moirai");
        for (JsonNode result : results) {
            assertThat(result.get("state").asString()).isEqualTo("done");
            // 200 blocking tasks and one CPU task after every ten of them
            assertThat(result.get("completed").asLong()).isEqualTo(220);
            assertThat(result.at("/latency/count").asLong()).isEqualTo(220);
            assertThat(result.at("/cpuTaskLatency/count").asLong()).isEqualTo(20);
            assertThat(result.get("throughputPerSecond").asLong()).isPositive();
            assertThat(result.at("/latency/p99").asDouble()).isGreaterThanOrEqualTo(result.at("/latency/p50").asDouble())
                    .isLessThanOrEqualTo(result.at("/latency/max").asDouble());
        }
        assertThat(this.http.get("/api/load", "user").json().get("results").size()).isEqualTo(3);
    }

    @Test
    void theDownstreamWorkloadShowsHowManyCallsEachExecutorSendsAtOnce() {
        this.http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 16}");
        try {
            JsonNode results = this.http.post("/api/load?workload=downstream&tasks=64&millis=50", "user", "").json()
                    .get("results");
            assertThat(results.get(0).get("downstreamPeakConcurrency").asInt()).isEqualTo(8); // Boot's eight threads
            assertThat(results.get(1).get("downstreamPeakConcurrency").asInt()).isGreaterThan(16); // no bound at all
            // Moirai's permits, less the one that the comparison's own request (an MVC Callable on the blocking lane) holds
            assertThat(results.get(2).get("downstreamPeakConcurrency").asInt()).isEqualTo(15);
            assertThat(results.get(2).get("cpuTaskLatency").isNull()).isTrue();
        } finally {
            this.http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 256}");
        }
    }

    @Test
    void theLoadComparisonIsRefusedAtOnceWhereMoiraiCouldNotRunIt() {
        try {
            // the comparison's own request holds the only permit: its Moirai tasks could never start
            this.http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 1}");
            long start = System.nanoTime();
            DemoHttp.Response onePermit = this.http.post("/api/load?workload=io&tasks=10&millis=1", "user", "");
            assertThat(onePermit.status()).isEqualTo(409);
            assertThat(onePermit.body()).contains("at least 2");
            // a few permits: Moirai's run would outlast what Boot's eight threads are allowed
            this.http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 2}");
            DemoHttp.Response fewPermits = this.http.post("/api/load?workload=io&tasks=2000&millis=20", "user", "");
            assertThat(fewPermits.status()).isEqualTo(409);
            assertThat(fewPermits.body()).contains("more permits");
            this.http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 256}");
            // paused: the comparison's request would never start; the API answers as it does for all work while paused
            this.http.post("/actuator/moirai/pause", "admin", "");
            DemoHttp.Response paused = this.http.post("/api/load?workload=io&tasks=10&millis=1", "user", "");
            assertThat(paused.status()).isEqualTo(503);
            assertThat(paused.json().get("detail").asString()).startsWith("Moirai is paused: ")
                    .contains("POST /actuator/moirai/resume");
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
        } finally {
            this.http.post("/actuator/moirai/resume", "admin", "");
            this.http.post("/actuator/moirai", "admin", "{\"blockingConcurrency\": 256}");
        }
        assertThat(this.http.post("/api/load?workload=io&tasks=10&millis=1", "user", "").status()).isEqualTo(200);
    }

    @Test
    void theLoadComparisonRefusesParametersThatWouldRunLongOrMeanNothing() {
        DemoHttp.Response unknown = this.http.post("/api/load?workload=gpu", "user", "");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("cpu, io, mixed, downstream");
        assertThat(this.http.post("/api/load?workload=io&tasks=0", "user", "").body()).contains("tasks must be between");
        assertThat(this.http.post("/api/load?workload=io&tasks=20001", "user", "").status()).isEqualTo(400);
        assertThat(this.http.post("/api/load?workload=io&millis=-1", "user", "").body()).contains("millis must be");
        DemoHttp.Response tooLong = this.http.post("/api/load?workload=io&tasks=20000&millis=1000", "user", "");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("tasks * millis must be at most 100000");
        assertThat(this.http.post("/api/load?workload=io&tasks=1", null, "").status()).isEqualTo(401);
    }

    /**
     * A cleared field sends its parameter empty: that must be refused, not read as absent, which
     * would silently run the default (2000 tasks of 20 ms) instead of what the caller asked for.
     */
    @Test
    void theLoadComparisonRefusesAnEmptyOrNonNumericParameterNamingItsRange() {
        DemoHttp.Response emptyTasks = this.http.post("/api/load?workload=io&tasks=&millis=1", "user", "");
        assertThat(emptyTasks.status()).isEqualTo(400);
        assertThat(emptyTasks.json().get("detail").asString())
                .isEqualTo("tasks must be a whole number between 1 and 20000, was ''");
        DemoHttp.Response emptyMillis = this.http.post("/api/load?workload=io&tasks=10&millis=", "user", "");
        assertThat(emptyMillis.status()).isEqualTo(400);
        assertThat(emptyMillis.json().get("detail").asString())
                .isEqualTo("millis must be a whole number between 0 and 1000, was ''");
        DemoHttp.Response emptyWorkload = this.http.post("/api/load?workload=&tasks=10&millis=1", "user", "");
        assertThat(emptyWorkload.status()).isEqualTo(400);
        assertThat(emptyWorkload.json().get("detail").asString()).startsWith("workload must be one of ");
        DemoHttp.Response notANumber = this.http.post("/api/load?workload=io&tasks=NaN", "user", "");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("detail").asString())
                .isEqualTo("tasks must be a whole number between 1 and 20000, was 'NaN'");
        assertThat(this.http.post("/api/load?workload=io&tasks=1e3", "user", "").body())
                .contains("tasks must be a whole number between 1 and 20000");
        assertThat(this.http.post("/api/load?workload=io&tasks=99999999999", "user", "").body())
                .contains("tasks must be between 1 and 20000");
        // an absent parameter still takes its default: 20 tasks of the default 20 ms
        DemoHttp.Response defaults = this.http.post("/api/load?workload=io&tasks=20", "user", "");
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("millis").asLong()).isEqualTo(20);
    }

    @Test
    void theOtherEndpointsRefuseAnEmptyParameterRatherThanRunTheirDefault() {
        assertThat(this.http.get("/api/cpu?limit=", "user").json().get("detail").asString())
                .isEqualTo("limit must be a whole number between 2 and 20000000, was ''");
        assertThat(this.http.get("/api/io?millis=", "user").json().get("detail").asString())
                .isEqualTo("millis must be a whole number between 0 and 10000, was ''");
        assertThat(this.http.get("/api/pipeline?n=&context=sequential", "user").json().get("detail").asString())
                .isEqualTo("n must be a whole number between 0 and 50000000, was ''");
        DemoHttp.Response emptyContext = this.http.get("/api/pipeline?n=10&context=", "user");
        assertThat(emptyContext.status()).isEqualTo(400);
        assertThat(emptyContext.json().get("detail").asString())
                .isEqualTo("context must be one of sequential, parallel, hybrid, distributed");
        assertThat(this.http.get("/api/pipeline?n=10", "user").json().get("context").asString()).isEqualTo("parallel");
        assertThat(this.http.get("/api/cpu?limit=1", "user").json().get("detail").asString())
                .isEqualTo("limit must be between 2 and 20000000, was 1");
        // digits of other scripts are no whole number here, though Long.parseLong reads them ('٣' as 3)
        assertThat(this.http.get("/api/cpu?limit=%D9%A3", "user").json().get("detail").asString())
                .isEqualTo("limit must be a whole number between 2 and 20000000, was '\u0663'");
        assertThat(this.http.post("/api/load?workload=cpu&tasks=%EF%BC%95", "user", "").json().get("detail").asString())
                .isEqualTo("tasks must be a whole number between 1 and 20000, was '\uFF15'");
        assertThat(this.http.get("/api/io", "user").status()).isEqualTo(200);
    }

    /**
     * Ten thousand tasks from three callers in turn (user, admin, nobody), alternating between the
     * lanes; every task then leaves a stranger's context on its thread, as a careless task might.
     * Each caller signs in with a new context, as each request does.
     * Each task must see exactly its own caller.
     */
    @Test
    void theSecurityContextNeverLeaksBetweenTasksOfDifferentUsers() throws Exception {
        String[] callers = { "user", "admin", null };
        int tasks = 10_000;
        List<Future<String>> seen = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            String caller = callers[i % callers.length];
            if (caller != null) {
                signIn(caller);
            } else {
                SecurityContextHolder.clearContext();
            }
            AsyncTaskExecutor executor = (i / callers.length) % 2 == 0 ? this.cpuTaskExecutor
                    : this.applicationTaskExecutor;
            seen.add(executor.submit(() -> {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                signIn("mallory");
                return authentication != null ? authentication.getName() : null;
            }));
        }
        SecurityContextHolder.clearContext();
        for (int i = 0; i < tasks; i++) {
            assertThat(seen.get(i).get(30, TimeUnit.SECONDS)).as("task %d", i).isEqualTo(callers[i % callers.length]);
        }
    }

    /** As a request does: a new context per sign-in (a context is mutable and may be captured). */
    private static void signIn(String name) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, "n/a",
                AuthorityUtils.createAuthorityList("ROLE_USER")));
        SecurityContextHolder.setContext(context);
    }
}
