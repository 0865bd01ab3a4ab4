package io.moirai.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * {@code synchronousAsync}: {@code @Async} methods run on the caller's thread when it is true,
 * and on Moirai's threads as usual when it is false (the default), also when the application has
 * an {@link AsyncConfigurer} of its own.
 */
class SynchronousAsyncTests {

    @Nested
    @SpringBootTest(classes = Application.class)
    @AutoConfigureMoiraiTest(synchronousAsync = true)
    class Synchronous {

        @Autowired
        private Service service;

        @Test
        void anAsyncMethodRunsOnTheCallersThread() {
            assertThat(service.threadName().join()).isEqualTo(Thread.currentThread().getName());
        }
    }

    @Nested
    @SpringBootTest(classes = { Application.class, OwnAsyncConfigurer.class })
    @AutoConfigureMoiraiTest(synchronousAsync = true)
    class SynchronousWithTheApplicationsAsyncConfigurer {

        @Autowired
        private Service service;

        @Test
        void anAsyncMethodRunsOnTheCallersThread() {
            assertThat(service.threadName().join()).isEqualTo(Thread.currentThread().getName());
        }
    }

    @Nested
    @SpringBootTest(classes = Application.class)
    @AutoConfigureMoiraiTest
    class Asynchronous {

        @Autowired
        private Service service;

        @Test
        void anAsyncMethodRunsOnAMoiraiThread() {
            assertThat(service.threadName().join()).startsWith("moirai-");
        }
    }

    /** The application under test. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableAsync
    static class Application {

        @Bean
        Service service() {
            return new Service();
        }
    }

    /** An application's own configurer, which Moirai wraps and the test support must too. */
    @Configuration(proxyBeanMethods = false)
    static class OwnAsyncConfigurer implements AsyncConfigurer {
    }

    /** An {@code @Async} method that says where it ran. */
    static class Service {

        @Async
        public CompletableFuture<String> threadName() {
            return CompletableFuture.completedFuture(Thread.currentThread().getName());
        }
    }
}
