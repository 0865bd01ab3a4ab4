package io.moirai.autoconfigure;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.runtime.RejectionPolicy;
import io.moirai.runtime.RuntimeListener;
import io.moirai.spring.MoiraiRuntimeCustomizer;
import io.moirai.spring.MoiraiTaskExecutor;
import io.moirai.spring.MoiraiTaskScheduler;
import io.moirai.topology.Topology;
import java.time.Duration;
import java.util.Locale;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;
import org.springframework.core.env.Environment;

/**
 * The {@link MoiraiRuntime}, built from the {@code moirai.*} properties, the
 * {@link MoiraiRuntimeLifecycle} that stops it, and the {@link MoiraiReadinessBridge} that makes
 * the application's readiness follow a pause. Imported by {@link MoiraiAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class MoiraiRuntimeConfiguration {

    /** moirai.queue.block-timeout when it is not set, so that a value set for it can be told apart. */
    private static final Duration DEFAULT_BLOCK_TIMEOUT = new MoiraiProperties().getQueue().getBlockTimeout();

    /** The start-up report keeps the category it has always been logged under. */
    private static final Log logger = LogFactory.getLog(MoiraiAutoConfiguration.class);

    /** So that one start-up failure names every bad moirai.* value, not only the first unconvertible one. */
    @Bean
    static ConfigurationPropertiesBindHandlerAdvisor moiraiPropertiesBindHandlerAdvisor() {
        return MoiraiPropertiesBindHandler.advisor();
    }

    /** Stops a runtime whose context failed before its lifecycle bean could stop it. */
    @Bean
    static MoiraiRuntimeDestructionPostProcessor moiraiRuntimeDestructionPostProcessor() {
        return new MoiraiRuntimeDestructionPostProcessor();
    }

    /*
     * A fallback: the runtime is an Executor and an ExecutorService, and an application's own one
     * must stay what injection by type finds, as it is without the starter (see
     * ApplicationTaskExecutorCandidacy). Injecting MoiraiRuntime itself is unaffected.
     */
    @Bean(destroyMethod = "")
    @Fallback
    @ConditionalOnMissingBean
    MoiraiRuntime moiraiRuntime(MoiraiProperties properties, ObjectProvider<RuntimeListener> listeners,
            ObjectProvider<MoiraiRuntimeCustomizer> customizers, Environment environment,
            ObjectProvider<MoiraiClusterProperties> clusterProperties, ListableBeanFactory beanFactory) {
        // bound (and validated) now, so that a bad moirai.cluster.* value stops start-up before any thread starts
        clusterProperties.getIfAvailable();
        MoiraiRuntime.Builder builder = MoiraiRuntime.builder()
                .threadNamePrefix(properties.getThreadNamePrefix())
                .blockingConcurrency(properties.getBlocking().getMaxConcurrency())
                .rejectionPolicy(properties.getQueue().getRejectionPolicy())
                .blockTimeout(properties.getQueue().getBlockTimeout())
                .uncaughtExceptionHandler(new LoggingUncaughtExceptionHandler());
        if (properties.getParallelism() != null) {
            builder.parallelism(properties.getParallelism());
        }
        if (properties.getQueue().getCapacity() != null) {
            builder.queueCapacity(properties.getQueue().getCapacity());
        }
        if (properties.getTopology().getCpus() != null) {
            builder.cpus(Topology.parseCpuList(properties.getTopology().getCpus()));
        }
        builder.pinWorkers(properties.getTopology().isPinWorkers());
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        MoiraiRuntime runtime = builder.build();
        logStarted(runtime, properties, applicationTaskExecutorNotMoirais(environment, beanFactory));
        SpringTaskPropertiesReport.log(environment, properties, logger);
        return runtime;
    }

    /** Readiness follows pause and resume; registered with the runtime as any RuntimeListener bean. */
    @Bean
    @ConditionalOnMissingBean(name = "moiraiReadinessBridge")
    MoiraiReadinessBridge moiraiReadinessBridge(ApplicationContext context,
            ObjectProvider<ApplicationAvailability> availability) {
        return new MoiraiReadinessBridge(context, availability);
    }

    @Bean
    @ConditionalOnMissingBean
    MoiraiRuntimeLifecycle moiraiRuntimeLifecycle(MoiraiRuntime moiraiRuntime, MoiraiProperties properties,
            ObjectProvider<MoiraiTaskScheduler> schedulers, ApplicationContext context) {
        return new MoiraiRuntimeLifecycle(moiraiRuntime, properties.getShutdown(), schedulers, context);
    }

    /**
     * Whose {@code applicationTaskExecutor} it is when not Moirai's, for the start-up line: Boot's
     * under {@code spring.task.execution.mode=force}, or the application's own bean of that name
     * (either way Moirai's backs off); null when it is Moirai's.
     */
    private static @Nullable String applicationTaskExecutorNotMoirais(Environment environment,
            ListableBeanFactory beanFactory) {
        if ("force".equalsIgnoreCase(environment.getProperty("spring.task.execution.mode", "auto"))) {
            return "Boot's (spring.task.execution.mode=force)";
        }
        String name = MoiraiAsyncConfigurer.APPLICATION_TASK_EXECUTOR;
        // the type as declared, without creating the bean (it may itself need this runtime) or a FactoryBean
        Class<?> type = beanFactory.containsBean(name) ? beanFactory.getType(name, false) : null;
        return (type != null && !MoiraiTaskExecutor.class.isAssignableFrom(type))
                ? "the application's own (" + type.getSimpleName() + ")" : null;
    }

    /**
     * The start-up line. When the {@code applicationTaskExecutor} is not Moirai's (Boot's under
     * {@code spring.task.execution.mode=force}, or the application's own bean), the line says whose
     * it is instead of a lane.
     */
    private static void logStarted(MoiraiRuntime runtime, MoiraiProperties properties, @Nullable String notMoirais) {
        var snapshot = runtime.snapshot();
        // the runtime takes Integer.MAX_VALUE for "unbounded", its default
        Integer capacity = properties.getQueue().getCapacity();
        if (capacity != null && capacity == Integer.MAX_VALUE) {
            capacity = null;
        }
        RejectionPolicy policy = properties.getQueue().getRejectionPolicy();
        logger.info(String.format(
                "Moirai runtime started: %d CPU workers, %d blocking permits, queues %s; "
                        + "%s; CPUs %s on %d NUMA node(s), pin-workers %s",
                snapshot.parallelism(), snapshot.blockingConcurrency(),
                (capacity != null) ? "bounded at " + capacity + " per lane ("
                        + properties.getQueue().getRejectionPolicy().name().toLowerCase(Locale.ROOT).replace('_', '-') + ")"
                        : "unbounded",
                (notMoirais != null)
                        ? "applicationTaskExecutor is " + notMoirais
                        : "applicationTaskExecutor runs on the "
                                + properties.getTaskExecution().getDefaultLane().name().toLowerCase(Locale.ROOT) + " lane",
                Topology.formatCpuList(snapshot.topology().usableCpus()), snapshot.topology().numaNodes(),
                properties.getTopology().isPinWorkers() ? "on" : "off"));
        if (capacity == null && policy != RejectionPolicy.ABORT) {
            logger.warn("moirai.queue.rejection-policy has no effect without moirai.queue.capacity: "
                    + "the queues are unbounded and never reject for capacity");
        }
        if (policy != RejectionPolicy.BLOCK && !properties.getQueue().getBlockTimeout().equals(DEFAULT_BLOCK_TIMEOUT)) {
            logger.warn("moirai.queue.block-timeout has no effect unless moirai.queue.rejection-policy is block "
                    + "(it is " + policy.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
        }
        int cpus = snapshot.topology().usableCpus().size();
        if (properties.getTopology().isPinWorkers() && snapshot.parallelism() > cpus) {
            logger.warn("moirai.topology.pin-workers pins " + snapshot.parallelism() + " CPU workers to " + cpus
                    + " CPU(s), so some share a CPU; set moirai.parallelism to at most " + cpus
                    + " or name more CPUs in moirai.topology.cpus");
        }
    }
}
