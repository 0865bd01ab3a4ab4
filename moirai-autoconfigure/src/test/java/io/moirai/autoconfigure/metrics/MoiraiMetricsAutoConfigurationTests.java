package io.moirai.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.spring.MoiraiTaskExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.AsyncTaskExecutor;

/** Micrometer's executor names, tagged per lane, and Moirai's own few, when a registry exists. */
class MoiraiMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class, MoiraiMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("moirai.parallelism=2", "moirai.blocking.max-concurrency=8");

    @Test
    void everyLaneIsMeteredUnderMicrometersExecutorNames() {
        this.runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String lane : new String[] { "moirai-cpu", "moirai-blocking" }) {
                for (String name : new String[] { "executor.completed", "executor.active", "executor.queued",
                        "executor.pool.size", "executor", "executor.idle", "moirai.tasks.rejected" }) {
                    assertThat(registry.find(name).tag("name", lane).meter()).as(name + " " + lane).isNotNull();
                }
            }
            for (String name : new String[] { "executor.steals", "executor.running", "executor.parallelism",
                    "moirai.workers.parks", "moirai.blocking.detected" }) {
                assertThat(registry.find(name).tag("name", "moirai-cpu").meter()).as(name).isNotNull();
            }
            for (String name : new String[] { "executor.pool.max", "moirai.blocking.permits",
                    "moirai.blocking.permits.used" }) {
                assertThat(registry.find(name).tag("name", "moirai-blocking").meter()).as(name).isNotNull();
            }
            assertThat(registry.find("executor.queue.remaining").meter()).as("only when bounded").isNull();
        });
    }

    @Test
    void theMetersFollowTheRuntime() {
        this.runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            AsyncTaskExecutor cpu = context.getBean(MoiraiTaskExecutor.CPU_BEAN_NAME, AsyncTaskExecutor.class);
            AsyncTaskExecutor blocking = context.getBean(MoiraiTaskExecutor.BLOCKING_BEAN_NAME, AsyncTaskExecutor.class);
            for (int i = 0; i < 5; i++) {
                cpu.submit(() -> 1).get(10, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 3; i++) {
                blocking.submit(() -> 1).get(10, TimeUnit.SECONDS);
            }
            // a task's future completes before the listener hears that it finished
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(registry.get("executor").tag("name", "moirai-cpu").timer().count()).isEqualTo(5);
                assertThat(registry.get("executor.completed").tag("name", "moirai-cpu").functionCounter().count())
                        .isEqualTo(5);
                assertThat(registry.get("executor.completed").tag("name", "moirai-blocking").functionCounter().count())
                        .isEqualTo(3);
            });
            assertThat(registry.get("executor.idle").tag("name", "moirai-blocking").timer().count()).isEqualTo(3);
            assertThat(registry.get("executor.parallelism").tag("name", "moirai-cpu").gauge().value()).isEqualTo(2);
            assertThat(registry.get("executor.pool.max").tag("name", "moirai-blocking").gauge().value()).isEqualTo(8);
            assertThat(registry.get("moirai.blocking.permits").gauge().value()).isEqualTo(8);
        });
    }

    @Test
    void boundedQueuesAddTheRemainingCapacityGauge() {
        this.runner.withPropertyValues("moirai.queue.capacity=50").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("executor.queue.remaining").tag("name", "moirai-cpu").gauge().value())
                    .isEqualTo(50);
        });
    }

    @Test
    void withoutAMeterRegistryNothingIsMetered() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class, MoiraiMetricsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(MoiraiTaskMetrics.class);
                });
    }

    @Test
    void withoutMicrometerOnTheClassPathTheRuntimeStillStarts() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class, MoiraiMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasBean("applicationTaskExecutor");
                    assertThat(context).doesNotHaveBean(MoiraiRuntimeMeterBinder.class);
                });
    }

    @Test
    void whenUserDefinesTheMetricsBeansThenMoiraiBacksOff() {
        MoiraiTaskMetrics own = new MoiraiTaskMetrics(new SimpleMeterRegistry());
        this.runner.withBean(MoiraiTaskMetrics.class, () -> own).run(context -> {
            assertThat(context).getBean(MoiraiTaskMetrics.class).isSameAs(own);
        });
    }
}
