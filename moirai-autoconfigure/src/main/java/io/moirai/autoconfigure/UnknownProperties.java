package io.moirai.autoconfigure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds the names under a {@code moirai} prefix that no Moirai property binds: a misspelt
 * {@code moirai.paralelism}, a list given to a property that takes one value
 * ({@code moirai.topology.cpus[0]}), a group given a value ({@code moirai.queue=10}). Left alone,
 * each is ignored and the application starts on the default it meant to change.
 *
 * <p>A name counts as known when the binder tried to bind it: the binder tries every property of
 * the properties class, set or not, and the elements of every list it binds. Names under
 * {@code moirai.cluster} belong to {@link MoiraiClusterProperties}, bound on its own, and are left
 * to that binding, as are those of the test support under {@code moirai.test}. Names found only
 * in environment variables or JVM system properties are reported with a warning rather than a
 * failure, and only when they resemble a property (a misspelling a few edits away): an
 * environment may hold variables that merely start with {@code MOIRAI_} for reasons of its own,
 * and system properties are shared with whatever else runs in the JVM.
 */
final class UnknownProperties {

    private static final Log logger = LogFactory.getLog(MoiraiAutoConfiguration.class);

    private static final ConfigurationPropertyName MOIRAI = ConfigurationPropertyName.of(MoiraiProperties.PREFIX);

    private static final ConfigurationPropertyName CLUSTER = ConfigurationPropertyName.of(MoiraiClusterProperties.PREFIX);

    /**
     * Prefixes under {@code moirai} that other classes bind: {@code moirai.cluster}
     * ({@link MoiraiClusterProperties}, checked when it is bound), {@code moirai.test} (the
     * test support's {@code @AutoConfigureMoiraiTest}) and {@code moirai.simd} (the runtime's
     * {@code -Dmoirai.simd.disabled} switch, a system property).
     */
    private static final List<ConfigurationPropertyName> BOUND_ELSEWHERE = List.of(CLUSTER,
            ConfigurationPropertyName.of(MoiraiProperties.PREFIX + ".test"),
            ConfigurationPropertyName.of(MoiraiProperties.PREFIX + ".simd"));

    private static final String NO_SUCH_PROPERTY =
            "Moirai has no such property; the moirai.* properties are listed in the properties reference";

    /** The most edits between a misspelt name and the property suggested for it. */
    private static final int MAX_EDITS = 3;

    private UnknownProperties() {
    }

    /**
     * The unknown properties under {@code prefix}, in name order; those found only in environment
     * variables are logged instead.
     *
     * @param prefix    the prefix just bound: {@code moirai} or {@code moirai.cluster}
     * @param attempted every name the binder tried to bind under it
     * @param lists     the names of the lists among them, whose indexed elements are theirs
     * @param sources   where the binder read from
     * @return the unknown properties to report
     */
    static List<InvalidProperty> find(ConfigurationPropertyName prefix, Set<ConfigurationPropertyName> attempted,
            Set<ConfigurationPropertyName> lists, Iterable<ConfigurationPropertySource> sources) {
        List<InvalidProperty> unknown = new ArrayList<>();
        Set<ConfigurationPropertyName> seen = new HashSet<>();
        Set<String> fromEnvironment = new TreeSet<>();
        for (ConfigurationPropertySource source : sources) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean environmentVariable = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            boolean systemProperty = source.getUnderlyingSource() instanceof PropertySource<?> underlying
                    && StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(underlying.getName());
            List<ConfigurationPropertyName> names = iterable.stream()
                    .filter(name -> isUnknown(prefix, name, attempted, lists)).sorted().toList();
            for (ConfigurationPropertyName name : names) {
                ConfigurationProperty given = iterable.getConfigurationProperty(name);
                if (given == null || !seen.add(name)) {
                    continue;
                }
                String hint = closeHint(prefix, name);
                if ((environmentVariable || systemProperty) && hint == null) {
                    continue;   // another program's MOIRAI_ variable or -D property, not a misspelt one of ours
                }
                if (hint == null) {
                    hint = NO_SUCH_PROPERTY;
                }
                if (environmentVariable) {
                    String variable = (given.getOrigin() instanceof PropertySourceOrigin origin)
                            ? origin.getPropertyName() : name.toString();
                    fromEnvironment.add(variable + " (read as " + name + "): " + hint);
                } else if (systemProperty) {
                    fromEnvironment.add("system property " + name + ": " + hint);
                } else {
                    unknown.add(InvalidProperty.unknown(given, hint));
                }
            }
        }
        if (!fromEnvironment.isEmpty()) {
            logger.warn("Environment variables or system properties that look like misspelt Moirai properties, not applied: "
                    + String.join("; ", fromEnvironment));
        }
        unknown.sort(Comparator.comparing(InvalidProperty::property));
        return unknown;
    }

    private static boolean isUnknown(ConfigurationPropertyName prefix, ConfigurationPropertyName name,
            Set<ConfigurationPropertyName> attempted, Set<ConfigurationPropertyName> lists) {
        if (!prefix.isAncestorOf(name) || attempted.contains(name)) {
            return false;
        }
        if (MOIRAI.equals(prefix)
                && BOUND_ELSEWHERE.stream().anyMatch(other -> other.equals(name) || other.isAncestorOf(name))) {
            return false;
        }
        return !isElementOfList(name, lists);
    }

    /** An element of a list, even one the binder did not reach (a list given in a second source as well). */
    private static boolean isElementOfList(ConfigurationPropertyName name, Set<ConfigurationPropertyName> lists) {
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            if (name.isNumericIndex(i) && lists.contains(name.chop(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What is wrong with an unknown name: the property it most likely meant, or why a known name
     * does not take this form.
     *
     * @param prefix the prefix the name was found under
     * @param name   the unknown name
     * @return the hint, a phrase to follow "Problem: "
     */
    static String hint(ConfigurationPropertyName prefix, ConfigurationPropertyName name) {
        String close = closeHint(prefix, name);
        return close != null ? close : NO_SUCH_PROPERTY;
    }

    /**
     * What is wrong with an unknown name that resembles a property (a list form of one, a group of
     * them, or a misspelling a few edits away), or null when it resembles none.
     */
    private static @Nullable String closeHint(ConfigurationPropertyName prefix, ConfigurationPropertyName name) {
        Set<String> known = known(prefix);
        String base = withoutIndices(name);
        if (!base.equals(name.toString()) && known.contains(base)) {
            return base + " takes one value, not a list";
        }
        List<String> children = children(known, name);
        if (!children.isEmpty()) {
            return name + " is a group, not a property: set " + String.join(", ", children);
        }
        String nearest = nearest(name.toString(), known);
        return nearest == null ? null : "Moirai has no such property; did you mean " + nearest + "?";
    }

    /**
     * Whether a name is a group of properties ({@code moirai.queue}) rather than a property.
     *
     * @param prefix the prefix the name was found under
     * @param name   the name
     * @return true if documented properties lie below it
     */
    static boolean isGroup(ConfigurationPropertyName prefix, ConfigurationPropertyName name) {
        return !children(known(prefix), name).isEmpty();
    }

    private static List<String> children(Set<String> known, ConfigurationPropertyName name) {
        return known.stream().filter(property -> property.startsWith(name + ".")).toList();
    }

    /** The documented properties under {@code prefix}, {@code moirai.cluster.*} only for that prefix. */
    private static Set<String> known(ConfigurationPropertyName prefix) {
        String cluster = CLUSTER + ".";
        boolean underCluster = CLUSTER.equals(prefix);
        return AllowedValues.describedProperties().stream()
                .filter(property -> property.startsWith(cluster) == underCluster)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String withoutIndices(ConfigurationPropertyName name) {
        StringBuilder base = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            if (!name.isNumericIndex(i)) {
                base.append(base.isEmpty() ? "" : ".").append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
            }
        }
        return base.toString();
    }

    private static @Nullable String nearest(String name, Set<String> known) {
        String nearest = null;
        int fewest = MAX_EDITS + 1;
        for (String property : known) {
            int edits = edits(name, property);
            if (edits < fewest) {
                fewest = edits;
                nearest = property;
            }
        }
        return nearest;
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions that turn a into b. */
    static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
