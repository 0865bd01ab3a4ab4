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
 * own executor never silently does nothing.
 */
final class SpringTaskPropertiesReport {

    private static final ConfigurationPropertyName SPRING_TASK = ConfigurationPropertyName.of("spring.task");

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
     * Logs one line if the application set any {@code spring.task.*} property: a warning when
     * some are ignored, otherwise information.
     *
     * @param environment the application's environment
     * @param logger      where to say it
     */
    static void log(Environment environment, Log logger) {
        Set<String> given = springTaskProperties(environment);
        if (given.isEmpty()) {
            return;
        }
        List<String> honoured = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String property : given) {
            if (property.equals("spring.task.execution.mode")) {
                String mode = environment.getProperty(property, "auto");
                honoured.add(property + "=" + mode + ("force".equalsIgnoreCase(mode)
                        ? " (Boot's applicationTaskExecutor runs @Async and MVC async instead of Moirai's)"
                        : " (Moirai's applicationTaskExecutor is used)"));
            } else {
                ignored.add(property + " (use " + replacement(property) + ")");
            }
        }
        StringBuilder line = new StringBuilder("Moirai and spring.task.*:");
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

    private static String replacement(String property) {
        return REPLACEMENTS.entrySet().stream()
                .filter(entry -> property.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("the moirai.* properties");
    }
}
