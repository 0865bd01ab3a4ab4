package io.moirai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moirai.runtime.MoiraiRuntime;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.WebAsyncTask;

/**
 * Spring MVC async requests (a controller returning a {@code Callable} or {@code WebAsyncTask}) run
 * on Moirai's {@code applicationTaskExecutor}, through a real embedded Tomcat: the lane, the
 * request's context, {@code spring.mvc.async.request-timeout} (the task is interrupted and counted
 * cancelled), exceptions, and a full queue under {@code abort} and {@code discard-oldest}.
 */
class MvcAsyncRequestTests {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ MoiraiAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
            TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class })
    static class WebApp {

        @Bean
        Filter requestContext() {
            return (request, response, chain) -> {
                MDC.put("path", ((HttpServletRequest) request).getRequestURI());
                SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", "pw"));
                try {
                    chain.doFilter(request, response);
                }
                finally {
                    MDC.remove("path");
                    SecurityContextHolder.clearContext();
                }
            };
        }

        @Bean
        Endpoints endpoints() {
            return new Endpoints();
        }
    }

    @RestController
    static class Endpoints {

        final CountDownLatch interrupted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch holding = new CountDownLatch(1);

        @GetMapping("/where")
        Callable<String> where() {
            return () -> {
                Authentication user = SecurityContextHolder.getContext().getAuthentication();
                return Thread.currentThread().getName() + " virtual=" + Thread.currentThread().isVirtual() + " mdc="
                        + MDC.get("path") + " user=" + (user == null ? null : user.getName());
            };
        }

        @GetMapping("/where-cpu")
        WebAsyncTask<String> whereCpu() {
            return new WebAsyncTask<>(10_000L, "moiraiCpuTaskExecutor", () -> Thread.currentThread().getName()
                    + " mdc=" + MDC.get("path"));
        }

        /** Waits until interrupted, then until the test lets it end: the timeout's answer cannot race it. */
        @GetMapping("/until-interrupted")
        Callable<String> untilInterrupted() {
            return () -> {
                try {
                    new CountDownLatch(1).await();
                }
                catch (InterruptedException ex) {
                    this.interrupted.countDown();
                }
                this.release.await(30, TimeUnit.SECONDS);
                return "late";
            };
        }

        @GetMapping("/hold")
        Callable<String> hold() {
            return () -> {
                this.holding.countDown();
                this.release.await(30, TimeUnit.SECONDS);
                return "held";
            };
        }

        @GetMapping("/fails")
        Callable<String> fails() {
            return () -> {
                throw new IllegalStateException("from the task");
            };
        }

        @ExceptionHandler(IllegalStateException.class)
        ResponseEntity<String> illegalState(IllegalStateException ex) {
            return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("handled: " + ex.getMessage());
        }

        @ExceptionHandler(TaskRejectedException.class)
        ResponseEntity<String> busy(TaskRejectedException ex) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("busy");
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        SpringApplication application = new SpringApplication(WebApp.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=warn"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return application.run(args.toArray(String[]::new));
    }

    private static CompletableFuture<HttpResponse<String>> get(HttpClient client, ConfigurableApplicationContext context,
            String path) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallableRunsOnTheDefaultLaneWithTheRequestsContextAndItsFailureReachesTheExceptionHandler()
            throws Exception {
        try (ConfigurableApplicationContext context = start(); HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> where = get(client, context, "/where").get(30, TimeUnit.SECONDS);
            assertThat(where.statusCode()).isEqualTo(200);
            assertThat(where.body()).startsWith("moirai-blocking-").endsWith(" virtual=true mdc=/where user=alice");

            HttpResponse<String> cpu = get(client, context, "/where-cpu").get(30, TimeUnit.SECONDS);
            assertThat(cpu.body()).startsWith("moirai-cpu-").endsWith(" mdc=/where-cpu");

            HttpResponse<String> fails = get(client, context, "/fails").get(30, TimeUnit.SECONDS);
            assertThat(fails.statusCode()).isEqualTo(418);
            assertThat(fails.body()).isEqualTo("handled: from the task");

            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runtime.snapshot().completed()).isEqualTo(3));
            assertThat(runtime.snapshot().submitted()).isEqualTo(3);
        }
    }

    @Test
    void aTimedOutRequestAnswers503AndItsTaskIsInterruptedAndCountedCancelled() throws Exception {
        try (ConfigurableApplicationContext context = start("spring.mvc.async.request-timeout=100ms");
                HttpClient client = HttpClient.newHttpClient()) {
            Endpoints endpoints = context.getBean(Endpoints.class);
            HttpResponse<String> response = get(client, context, "/until-interrupted").get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(endpoints.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
            endpoints.release.countDown();
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(runtime.snapshot().cancelled()).isEqualTo(1);
                assertThat(runtime.snapshot().active()).isZero();
            });
        }
    }

    @Test
    void aRequestRefusedByAFullQueueUnderAbortReachesTheExceptionHandlerAtOnce() throws Exception {
        try (ConfigurableApplicationContext context = start("moirai.blocking.max-concurrency=1",
                "moirai.queue.capacity=1"); HttpClient client = HttpClient.newHttpClient()) {
            Endpoints endpoints = context.getBean(Endpoints.class);
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            CompletableFuture<HttpResponse<String>> running = get(client, context, "/hold");
            assertThat(endpoints.holding.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> queued = get(client, context, "/hold");
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.snapshot().queued() == 1);

            HttpResponse<String> refused = get(client, context, "/where").get(30, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("busy");

            endpoints.release.countDown();
            assertThat(running.get(30, TimeUnit.SECONDS).body()).isEqualTo("held");
            assertThat(queued.get(30, TimeUnit.SECONDS).body()).isEqualTo("held");
            assertThat(runtime.snapshot().rejected()).isEqualTo(1);
        }
    }

    @Test
    void aRequestWhoseTaskDiscardOldestEvictsIsAnsweredOnlyWhenItTimesOut() throws Exception {
        try (ConfigurableApplicationContext context = start("moirai.blocking.max-concurrency=1",
                "moirai.queue.capacity=1", "moirai.queue.rejection-policy=discard-oldest",
                "spring.mvc.async.request-timeout=3s"); HttpClient client = HttpClient.newHttpClient()) {
            Endpoints endpoints = context.getBean(Endpoints.class);
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            CompletableFuture<HttpResponse<String>> running = get(client, context, "/hold");
            assertThat(endpoints.holding.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HttpResponse<String>> evicted = get(client, context, "/where");
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.snapshot().queued() == 1);
            CompletableFuture<HttpResponse<String>> newest = get(client, context, "/where");
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.snapshot().rejected() == 1);

            // nothing answers the evicted request before its timeout: Spring MVC never reads the task's future
            assertThat(evicted).isNotDone();
            endpoints.release.countDown();
            assertThat(running.get(30, TimeUnit.SECONDS).body()).isEqualTo("held");
            assertThat(newest.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(evicted.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        }
    }
}
