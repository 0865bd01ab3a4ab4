package io.moirai.autoconfigure;

import io.moirai.runtime.MoiraiRuntime;
import io.moirai.topology.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * What each {@code moirai.*} property accepts, in the words that start-up failures use. One
 * table serves both the properties' own validation and the failure analyzer, so the two never
 * disagree.
 */
final class AllowedValues {

    /** The runtime's upper bound on CPU workers. */
    static final int MAX_PARALLELISM = MoiraiRuntime.MAX_PARALLELISM;

    /**
     * The longest timeout or period a property may give: the runtime times its waits in
     * nanoseconds ({@link MoiraiRuntime#MAX_DURATION}, a little over 106751 days, about 292
     * years). The bound is that whole number of days, so that the limit the reports state is
     * one a user can type.
     */
    static final Duration MAX_DURATION = Duration.ofDays(MoiraiRuntime.MAX_DURATION.toDays());

    private static final String DURATION = "a duration from 0 to " + MAX_DURATION.toDays() + "d (about 292 years, "
            + "the longest wait the runtime can time in nanoseconds), for example ";

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("moirai.enabled", "true or false"),
            Map.entry("moirai.parallelism",
                    "an integer from 1 to " + MAX_PARALLELISM + " (or leave it unset for one worker per available CPU)"),
            Map.entry("moirai.thread-name-prefix", "a non-blank text, for example 'moirai-'"),
            Map.entry("moirai.blocking.max-concurrency", "an integer of at least 1 (default 256)"),
            Map.entry("moirai.queue.capacity",
                    "an integer of at least 1 (or leave it unset for unbounded queues)"),
            Map.entry("moirai.queue.rejection-policy", "one of abort, caller-runs, block, discard-oldest"),
            Map.entry("moirai.queue.block-timeout", DURATION + "5s or 500ms"),
            Map.entry("moirai.task-execution.default-lane", "one of blocking, cpu"),
            Map.entry("moirai.task-execution.take-over-async", "true or false"),
            Map.entry("moirai.shutdown.mode", "one of drain, cancel"),
            Map.entry("moirai.shutdown.await-termination-period", DURATION + "30s or 1m"),
            Map.entry("moirai.endpoint.write-role", "a non-blank role name, for example ADMIN"),
            Map.entry("moirai.topology.pin-workers", "true or false"),
            Map.entry("moirai.cluster.enabled", "true or false"),
            Map.entry("moirai.cluster.members", "a comma-separated list of host:port, each port from 1 to 65535, "
                    + "for example 127.0.0.1:5701,127.0.0.1:5702 (or leave it empty for one member on loopback)"),
            Map.entry("moirai.cluster.min-members", "an integer of at least 1 (default 1)"),
            Map.entry("moirai.cluster.allowed-classes", "a comma-separated list of Java package names, for example "
                    + "com.acme.model,org.joda.time (each allows the classes of that package and its sub-packages)"),
            Map.entry("moirai.cluster.port", "a port from 1 to 65535 (default 5701)"),
            Map.entry("moirai.cluster.name", "a non-blank cluster name, for example moirai"),
            Map.entry("moirai.cluster.busy-timeout", DURATION + "5s or 500ms"));

    private static final String CPUS = "moirai.topology.cpus";

    private AllowedValues() {
    }

    /**
     * The property name of a field path of {@link MoiraiProperties}.
     *
     * @param field a field path such as {@code queue.blockTimeout}
     * @return the property, such as {@code moirai.queue.block-timeout}
     */
    static String propertyName(String field) {
        return propertyName(MoiraiProperties.PREFIX, field);
    }

    /**
     * The property name of a field path of the properties bound to {@code prefix}.
     *
     * @param prefix the prefix, such as {@code moirai.cluster}
     * @param field  a field path such as {@code minMembers}
     * @return the property, such as {@code moirai.cluster.min-members}
     */
    static String propertyName(String prefix, String field) {
        StringBuilder name = new StringBuilder(prefix);
        for (String segment : field.split("\\.")) {
            name.append('.').append(DataObjectPropertyName.toDashedForm(segment));
        }
        return name.toString();
    }

    /**
     * What a property accepts.
     *
     * @param property a {@code moirai.*} property name in its canonical (dashed) form
     * @return the description, or a generic one for an unknown property
     */
    static String describe(String property) {
        if (CPUS.equals(property)) {
            return "a CPU list such as 0-3,6 naming only CPUs this process may use, here "
                    + Topology.formatCpuList(Topology.detect().usableCpus())
                    + " (or leave it unset for all of them)";
        }
        return DESCRIPTIONS.getOrDefault(property, "a value documented in the moirai.* properties reference");
    }

    /**
     * What a property accepts, with what is wrong with the value given where a plain description
     * would leave the user guessing: for {@code moirai.topology.cpus}, the parser's reason
     * ("range 1-0 runs backwards", "stride 3/2 is not used/group ...").
     *
     * @param property a {@code moirai.*} property name in its canonical (dashed) form
     * @param value    the value given
     * @return the description
     */
    static String describe(String property, String value) {
        String allowed = describe(property);
        if (CPUS.equals(property)) {
            String reason = cpuListProblem(value);
            if (reason != null) {
                return allowed + "; " + reason;
            }
        }
        return allowed;
    }

    private static @Nullable String cpuListProblem(String cpuList) {
        try {
            Topology.detect().restrictedTo(Topology.parseCpuList(cpuList));
            return null;
        } catch (IllegalArgumentException invalid) {
            return invalid.getMessage();
        }
    }

    /**
     * Every property this table describes, so a test can hold it to the configuration metadata:
     * a property added without a description here would be reported in generic words.
     *
     * @return the property names, in canonical form
     */
    static Set<String> describedProperties() {
        Set<String> properties = new TreeSet<>(DESCRIPTIONS.keySet());
        properties.add(CPUS);
        return properties;
    }

    /**
     * Whether {@code moirai.topology.cpus} is a CPU list naming at least one CPU and only CPUs
     * this process may use on the machine as detected now.
     *
     * @param cpuList the property's value
     * @return true if the runtime will accept it
     */
    static boolean isUsableCpuList(String cpuList) {
        return cpuListProblem(cpuList) == null;
    }
}
