package io.moirai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which exceptions the API answers as the client's mistake: only the demo's own parameter and
 * state checks ({@link BadParameterException} 400, {@link NotNowException} 409). An
 * {@code IllegalArgumentException} or {@code IllegalStateException} thrown by the work itself
 * (a stage that cannot be sent to the cluster, say) is the server's fault and answers 500; it
 * used to answer 400 or 409, as if the request had been wrong.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "moirai.parallelism=2", "moirai.cluster.enabled=false" })
class ApiProblemsTests {

    @LocalServerPort
    private int port;

    private DemoHttp http;

    @BeforeEach
    void connect() {
        this.http = new DemoHttp(this.port);
    }

    @Test
    void onlyTheDemosOwnChecksAnswer400Or409() {
        assertThat(this.http.get("/api/test/bad-parameter", "user").status()).isEqualTo(400);
        assertThat(this.http.get("/api/test/not-now", "user").status()).isEqualTo(409);
        assertThat(this.http.get("/api/test/work-threw-illegal-argument", "user").status()).isEqualTo(500);
        assertThat(this.http.get("/api/test/work-threw-illegal-state", "user").status()).isEqualTo(500);
    }

    @TestConfiguration
    static class Endpoints {

        @Bean
        Throwing throwing() {
            return new Throwing();
        }
    }

    @RestController
    static class Throwing {

        @GetMapping("/api/test/bad-parameter")
        String badParameter() {
            throw new BadParameterException("n must be between 1 and 9, was 0");
        }

        @GetMapping("/api/test/not-now")
        String notNow() {
            throw new NotNowException("a comparison is already running");
        }

        @GetMapping("/api/test/work-threw-illegal-argument")
        String workThrewIllegalArgument() {
            throw new IllegalArgumentException("thrown by the work");
        }

        @GetMapping("/api/test/work-threw-illegal-state")
        String workThrewIllegalState() {
            throw new IllegalStateException("thrown by the work");
        }
    }
}
