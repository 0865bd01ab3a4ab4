package io.moirai.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Moirai demo: a Spring Boot application whose only Moirai-specific line is the starter
 * dependency. Its {@code @Async} methods, MVC async requests and {@code @Scheduled} job run on
 * Moirai; Actuator shows the runtime ({@code /actuator/moirai}), its health, its meters and its
 * audit events.
 *
 * <p>Run it from the repository root and open http://localhost:8080:
 *
 * <pre>{@code ./mvnw -Prun -pl demo-app -am -DskipTests package}</pre>
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class MoiraiDemoApplication {

    /**
     * Starts the demo.
     *
     * @param args Spring Boot arguments, for example {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(MoiraiDemoApplication.class, args);
    }

    /**
     * Keeps audit events in memory, Moirai's (start, resizes, pauses, rejections, stop) apart from
     * the others ({@link AuditTrail}), so that {@code /actuator/auditevents} shows Moirai's however
     * many requests sign in.
     *
     * @return the repository
     */
    @Bean
    AuditEventRepository auditEventRepository() {
        return new AuditTrail();
    }
}
