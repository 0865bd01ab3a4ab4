package io.moirai.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.logging.Log;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Says at start-up which of the {@code spring.task.*} settings the application gave Moirai
 * honours and which it ignores (and what to set instead), so that a setting written for Boot's
 * own executor never silently does nothing. {@code spring.threads.virtual.enabled=true} is
 * reported too: it still applies to the web server and Boot's other thread pools, but not to
 * the executor and scheduler that Moirai replaces. Under {@code spring.task.execution.mode=force}
 * Boot's own executor runs {@code @Async} and MVC async, so the {@code spring.task.execution.*}
 * settings apply to it and are reported as honoured; the scheduling ones still are not.
 */
final class SpringTaskPropertiesReport {

    private static final ConfigurationPropertyName SPRING_TASK = ConfigurationPropertyName.of("spring.task");

    private static final ConfigurationPropertyName SPRING_TASK_EXECUTION = ConfigurationPropertyName.of("spring.task.execution");

    private static final String VIRTUAL_THREADS = "spring.threads.virtual.enabled";

    private static final String HEADER = "Moirai and Boot's task settings:";

    /** Ignored settings, by prefix, with what to use instead; the first matching prefix wins. */
    private static final Map<String, String> REPLACEMENTS = Map.ofEntries(
            Map.entry("spring.task.execution.thread-name-prefix", "moirai.thread-name-prefix"),
            Map.entry("spring.task.execution.pool", "moirai.parallelism, moirai.blocking.max-concurrency, moirai.queue.*"),
            Map.entry("spring.task.execution.simple", "moirai.blocking.max-concurrency"),
            Map.entry("spring.task.execution.shutdown", "moirai.shutdown.*"),
            Map.entry("spring.task.execution.propagate-context",
                    "nothing: Moirai always propagates the caller's context"),
            Map.entry("spring.task.scheduling.thread-name-prefix", "moirai.thread-name-prefix"),
            Map.entry("spring.task.scheduling.pool", "nothing: scheduled tasks fire on the runtime's timer"),
            Map.entry("spring.task.scheduling.simple", "nothing: scheduled tasks fire on the runtime's timer"),
            Map.entry("spring.task.scheduling.shutdown", "moirai.shutdown.*"));

    private SpringTaskPropertiesReport() {
    }

    /**
     * Logs one line if the application set any {@code spring.task.*} property or enabled
     * virtual threads: a warning when some setting is ignored, otherwise information.
     *
     * @param environment the application's environment
     * @param properties  Moirai's properties, for what it does instead
     * @param logger      where to say it
     */
    static void log(Environment environment, MoiraiProperties properties, Log logger) {
        Set<String> given = springTaskProperties(environment);
        boolean virtualThreads = environment.getProperty(VIRTUAL_THREADS, Boolean.class, false);
        if (given.isEmpty() && !virtualThreads) {
            return;
        }
        boolean forced = "force".equalsIgnoreCase(environment.getProperty("spring.task.execution.mode", "auto"));
        List<String> honoured = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String property : given) {
            if (property.equals("spring.task.execution.mode")) {
                String mode = environment.getProperty(property, "auto");
                honoured.add(property + "=" + mode + (forced
                        ? " (Boot's applicationTaskExecutor runs @Async and MVC async instead of Moirai's)"
                        : " (Moirai's applicationTaskExecutor is used)"));
            } else if (forced && SPRING_TASK_EXECUTION.isAncestorOf(ConfigurationPropertyName.of(property))) {
                honoured.add(property + " (by Boot's forced applicationTaskExecutor)");
            } else {
                ignored.add(property + " (use " + replacement(property) + ")");
            }
        }
        if (virtualThreads && forced) {
            honoured.add(VIRTUAL_THREADS + "=true (Boot's forced applicationTaskExecutor uses virtual threads; "
                    + "scheduled tasks still fire on Moirai's timer)");
        } else if (virtualThreads) {
            ignored.add(VIRTUAL_THREADS + "=true for task execution (it still applies to the web server and "
                    + "Boot's other thread pools; " + insteadOfVirtualThreads(properties) + ")");
        }
        StringBuilder line = new StringBuilder(HEADER);
        if (!honoured.isEmpty()) {
            line.append(" honoured: ").append(String.join(", ", honoured)).append(';');
        }
        if (!ignored.isEmpty()) {
            line.append(" ignored: ").append(String.join(", ", ignored)).append(';');
        }
        line.setLength(line.length() - 1);
        if (ignored.isEmpty()) {
            logger.info(line);
        } else {
            logger.warn(line);
        }
    }

    /**
     * The {@code spring.task.*} properties set in the environment, in canonical form.
     *
     * @param environment the environment
     * @return the property names, sorted
     */
    static Set<String> springTaskProperties(Environment environment) {
        Set<String> names = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(SPRING_TASK::isAncestorOf).map(ConfigurationPropertyName::toString)
                        .forEach(names::add);
            }
        }
        return names;
    }

    /** What runs @Async, MVC async and scheduled tasks in place of Boot's virtual-thread executor and scheduler. */
    private static String insteadOfVirtualThreads(MoiraiProperties properties) {
        String async = switch (properties.getTaskExecution().getDefaultLane()) {
            case BLOCKING -> "Moirai's blocking lane runs them on virtual threads too, at most "
                    + "moirai.blocking.max-concurrency=" + properties.getBlocking().getMaxConcurrency() + " at once";
            case CPU -> "Moirai's CPU workers run them (moirai.task-execution.default-lane=cpu)";
        };
        return "@Async and MVC async: " + async + "; scheduled tasks fire on the runtime's timer";
    }

    private static String replacement(String property) {
        return REPLACEMENTS.entrySet().stream()
                .filter(entry -> property.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("the moirai.* properties");
    }
}
