package io.moirai.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.moirai.autoconfigure.MoiraiAutoConfiguration;
import io.moirai.runtime.MoiraiRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import io.moirai.autoconfigure.metrics.MoiraiMetricsAutoConfiguration;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;

/** When the endpoint, the health contributor and the audit bridge exist, and when they do not. */
class MoiraiActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MoiraiAutoConfiguration.class, MoiraiEndpointAutoConfiguration.class,
                    MoiraiHealthContributorAutoConfiguration.class, MoiraiAuditAutoConfiguration.class,
                    EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    AuditAutoConfiguration.class));

    @Test
    void theEndpointIsNotAvailableUnlessExposedAsBootDoesByDefault() {
        this.runner.run(context -> assertThat(context).doesNotHaveBean(MoiraiEndpoint.class));
    }

    @Test
    void theEndpointExistsWhenExposedOverHttp() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=moirai").run(context -> {
            assertThat(context).hasSingleBean(MoiraiEndpoint.class);
            assertThat(context.getBean(MoiraiEndpoint.class).snapshot().state()).isNotNull();
        });
    }

    @Test
    void theWriteRoleComesFromItsProperty() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=moirai",
                "moirai.endpoint.write-role=OPS").run(context -> {
                    MoiraiEndpoint endpoint = context.getBean(MoiraiEndpoint.class);
                    assertThat(endpoint.resize(MoiraiEndpointTests.caller("admin", "ADMIN"), 3, null).getStatus())
                            .isEqualTo(403);
                    assertThat(endpoint.resize(MoiraiEndpointTests.caller("ops", "OPS"), 3, null).getStatus())
                            .isEqualTo(200);
                });
    }

    @Test
    void whenUserDefinesTheEndpointHealthIndicatorOrAuditBridgeThenMoiraiBacksOff() {
        MoiraiRuntime own = MoiraiRuntime.builder().parallelism(1).build();
        try {
            MoiraiEndpoint endpoint = new MoiraiEndpoint(own, "ADMIN");
            MoiraiHealthIndicator health = new MoiraiHealthIndicator(own);
            this.runner.withPropertyValues("management.endpoints.web.exposure.include=moirai")
                    .withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new)
                    .withBean(MoiraiEndpoint.class, () -> endpoint)
                    .withBean("moiraiHealthIndicator", MoiraiHealthIndicator.class, () -> health)
                    .withBean(MoiraiAuditBridge.class, () -> new MoiraiAuditBridge(event -> {
                    }, java.time.Duration.ofSeconds(1)))
                    .run(context -> {
                        assertThat(context).getBean(MoiraiEndpoint.class).isSameAs(endpoint);
                        assertThat(context).getBean(MoiraiHealthIndicator.class).isSameAs(health);
                        assertThat(context).hasSingleBean(MoiraiAuditBridge.class);
                    });
        } finally {
            own.close();
        }
    }

    @Test
    void theEndpointCanBeSwitchedOff() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=moirai",
                "management.endpoint.moirai.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(MoiraiEndpoint.class));
    }

    @Test
    void theHealthContributorIsNamedMoiraiAndCanBeSwitchedOff() {
        this.runner.run(context -> assertThat(context).hasBean("moiraiHealthIndicator"));
        this.runner.withPropertyValues("management.health.moirai.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MoiraiHealthIndicator.class));
    }

    @Test
    void withoutAnAuditEventRepositoryNothingIsAudited() {
        this.runner.run(context -> assertThat(context).doesNotHaveBean(MoiraiAuditBridge.class));
    }

    @Test
    void withAnAuditEventRepositoryStartAndStopAreAudited() {
        InMemoryAuditEventRepository repository = new InMemoryAuditEventRepository();
        this.runner.withBean(AuditEventRepository.class, () -> repository).run(context -> {
            assertThat(context).hasSingleBean(MoiraiAuditBridge.class);
            assertThat(repository.find(null, null, MoiraiAuditBridge.STARTED)).hasSize(1);
            context.close();
            List<AuditEvent> stopped = repository.find(null, null, MoiraiAuditBridge.STOPPED);
            assertThat(stopped).singleElement().satisfies(event -> {
                assertThat(event.getPrincipal()).isEqualTo("moirai");
                assertThat(event.getData()).containsEntry("mode", "drain").containsEntry("abandoned", 0L)
                        .containsKeys("completed", "failed", "cancelled", "rejected", "completedDuringShutdown");
            });
        });
    }

    /**
     * Each write through the endpoint that changes the runtime is one audit event with the caller
     * as principal; a pause of a paused runtime and a resume of a running one change nothing and
     * are not audited, though they answer 200 with the snapshot (docs/spring.md, Audit events).
     */
    @Test
    void eachEndpointWriteThatChangesTheRuntimeIsOneAuditEventOfTheCaller() {
        InMemoryAuditEventRepository repository = new InMemoryAuditEventRepository();
        this.runner.withBean(AuditEventRepository.class, () -> repository)
                .withPropertyValues("management.endpoints.web.exposure.include=moirai").run(context -> {
                    MoiraiEndpoint endpoint = context.getBean(MoiraiEndpoint.class);
                    var admin = MoiraiEndpointTests.caller("admin", "ADMIN");
                    assertThat(endpoint.resize(admin, 3, 16).getStatus()).isEqualTo(200);
                    assertThat(endpoint.control(admin, "resume").getStatus()).isEqualTo(200);
                    assertThat(endpoint.control(admin, "pause").getStatus()).isEqualTo(200);
                    assertThat(endpoint.control(admin, "pause").getStatus()).isEqualTo(200);
                    assertThat(endpoint.control(admin, "resume").getStatus()).isEqualTo(200);
                    List<AuditEvent> changes = repository.find(null, null, MoiraiAuditBridge.RECONFIGURED);
                    assertThat(changes).extracting(event -> event.getData().get("operation"))
                            .containsExactly("resize", "pause", "resume");
                    assertThat(changes).allSatisfy(event -> assertThat(event.getPrincipal()).isEqualTo("admin"));
                });
    }

    /**
     * The close resumes a paused runtime (so that the work in flight can finish): audited as the
     * system's, with its reason, not as any caller's resume.
     */
    @Test
    void theResumeWhenTheContextClosesIsAuditedAsTheShutdowns() {
        InMemoryAuditEventRepository repository = new InMemoryAuditEventRepository();
        this.runner.withBean(AuditEventRepository.class, () -> repository).run(context -> {
            MoiraiRuntime runtime = context.getBean(MoiraiRuntime.class);
            runtime.pause();
            runtime.resume();
            runtime.pause();
            context.close();
            List<AuditEvent> changes = repository.find(null, null, MoiraiAuditBridge.RECONFIGURED);
            assertThat(changes).extracting(event -> event.getData().get("operation"))
                    .containsExactly("pause", "resume", "pause", "resume");
            assertThat(changes).allSatisfy(event -> assertThat(event.getPrincipal()).isEqualTo("moirai"));
            assertThat(changes.get(1).getData()).doesNotContainKey("reason");
            assertThat(changes.get(3).getData()).containsEntry("reason", "shutdown").containsEntry("paused", false);
        });
    }

    /**
     * The runtime holds each task wrapped (decorated by the application's {@code TaskDecorator},
     * with the caller's context, and adapted to {@code submit}), so a rejection named the
     * wrapper's class, the same for every task. The exception and the audit event name the
     * application's task. The runtime is paused and its blocking lane holds one waiting task, so
     * every later submission is rejected.
     */
    @Test
    void aRejectionThroughTheExecutorNamesTheApplicationsTaskNotItsWrapper() {
        InMemoryAuditEventRepository repository = new InMemoryAuditEventRepository();
        this.runner.withBean(AuditEventRepository.class, () -> repository)
                .withBean(TaskDecorator.class, () -> task -> () -> task.run())
                .withPropertyValues("moirai.queue.capacity=1").run(context -> {
                    context.getBean(MoiraiRuntime.class).pause();
                    AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
                    executor.execute(new ReportJob());
                    assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.execute(new ReportJob()))
                            .withMessageContaining("Task '" + ReportJob.class.getName() + "' rejected");
                    assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.submit(new ReportJob()))
                            .withMessageContaining("Task '" + ReportJob.class.getName() + "' rejected");
                    assertThatExceptionOfType(TaskRejectedException.class)
                            .isThrownBy(() -> executor.submitCompletable(new PriceQuery()))
                            .withMessageContaining("Task '" + PriceQuery.class.getName() + "' rejected")
                            .withMessageNotContaining("MoiraiTaskExecutor$").withMessageNotContaining("$$Lambda");
                    context.close();
                    // the first rejection at once, the others summed up when the runtime stops
                    assertThat(repository.find(null, null, MoiraiAuditBridge.TASK_REJECTED))
                            .extracting(event -> event.getData().get("lastTask"))
                            .containsExactly(ReportJob.class.getName(), PriceQuery.class.getName());
                });
    }

    private static final class ReportJob implements Runnable {
        @Override
        public void run() {
        }
    }

    private static final class PriceQuery implements Callable<Integer> {
        @Override
        public Integer call() {
            return 42;
        }
    }

    /** The life-cycle bean still creates the runtime at start-up, and the bridge with it. */
    @Test
    void underLazyInitializationTheRuntimeStartIsAuditedToo() {
        InMemoryAuditEventRepository repository = new InMemoryAuditEventRepository();
        this.runner.withBean(AuditEventRepository.class, () -> repository)
                .withInitializer(context -> context.addBeanFactoryPostProcessor(
                        new LazyInitializationBeanFactoryPostProcessor()))
                .run(context -> assertThat(repository.find(null, null, MoiraiAuditBridge.STARTED)).hasSize(1));
    }

    @Test
    void auditingCanBeSwitchedOffWithBootsProperty() {
        this.runner.withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new)
                .withPropertyValues("management.auditevents.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MoiraiAuditBridge.class));
    }

    @Test
    void withoutActuatorOnTheClassPathTheRuntimeStillStarts() {
        new ApplicationContextRunner().withUserConfiguration(MoiraiAutoConfigurationsOnly.class).withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
                "org.springframework.boot.health")).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(MoiraiRuntime.class);
                    assertThat(context).doesNotHaveBean(MoiraiEndpoint.class);
                    assertThat(context).doesNotHaveBean(MoiraiHealthIndicator.class);
                    assertThat(context).doesNotHaveBean(MoiraiAuditBridge.class);
                });
    }

    @Test
    void withoutSpringSecurityOnTheClassPathEverythingStillStarts() {
        new ApplicationContextRunner().withUserConfiguration(AllMoiraiAutoConfigurations.class).withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withPropertyValues("management.endpoints.web.exposure.include=moirai").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(MoiraiEndpoint.class);
                });
    }

    /**
     * Boot 4.1's {@code AuditAutoConfiguration} declares its Spring Security listeners without a class
     * condition, so an application without Spring Security that defines an {@code AuditEventRepository}
     * fails to start. docs/spring.md (Audit events) gives the set-up for it: exclude Boot's
     * configuration and declare its {@code AuditListener}; Moirai's events then reach the repository.
     */
    @Test
    void withoutSpringSecurityTheDocumentedAuditSetUpRecordsMoiraisEvents() {
        InMemoryAuditEventRepository repository = new InMemoryAuditEventRepository();
        new ApplicationContextRunner().withUserConfiguration(MoiraiAutoConfigurationsOnly.class)
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withBean(AuditEventRepository.class, () -> repository)
                .withBean(AuditListener.class, () -> new AuditListener(repository))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(MoiraiAuditBridge.class);
                    assertThat(repository.find(null, null, MoiraiAuditBridge.STARTED)).hasSize(1);
                });
    }

    /** Moirai's auto-configurations alone, imported as {@link AllMoiraiAutoConfigurations} are. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ MoiraiAutoConfiguration.class, MoiraiMetricsAutoConfiguration.class,
            MoiraiEndpointAutoConfiguration.class, MoiraiHealthContributorAutoConfiguration.class,
            MoiraiAuditAutoConfiguration.class })
    static class MoiraiAutoConfigurationsOnly {
    }

    /**
     * Imports the auto-configurations as an application does, through Boot's import selector,
     * whose class conditions (read from the generated metadata) skip what the class path lacks.
     */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ MoiraiAutoConfiguration.class, MoiraiMetricsAutoConfiguration.class,
            MoiraiEndpointAutoConfiguration.class, MoiraiHealthContributorAutoConfiguration.class,
            MoiraiAuditAutoConfiguration.class, EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
            AuditAutoConfiguration.class })
    static class AllMoiraiAutoConfigurations {
    }
}
