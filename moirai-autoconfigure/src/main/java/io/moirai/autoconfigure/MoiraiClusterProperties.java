package io.moirai.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code moirai.cluster.*} settings of the cluster that {@link MoiraiClusterAutoConfiguration}
 * wires when {@code moirai-hazelcast} is on the classpath.
 *
 * <pre>{@code
 * moirai:
 *   cluster:
 *     members: 127.0.0.1:5701      # join the member listening there (empty: one member of its own)
 *     min-members: 2               # health DOWN below two serving members
 *     allowed-classes: org.joda.time
 * }</pre>
 *
 * <p>{@code members}, {@code port} and {@code name} shape the member Moirai starts itself when the
 * application has no {@code HazelcastInstance} bean; with one (Boot's, from a Hazelcast
 * {@code Config} bean or {@code hazelcast.yaml}), Moirai joins it and those three are not used.
 * Validated when bound, as {@link MoiraiProperties} is, so that a bad value stops start-up with a
 * report naming the property, the value and what is allowed; also without {@code moirai-hazelcast},
 * where start-up warns that the properties set have no effect.
 */
@ConfigurationProperties(MoiraiClusterProperties.PREFIX)
public class MoiraiClusterProperties implements Validator {

    /** The prefix of the cluster's properties. */
    public static final String PREFIX = "moirai.cluster";

    /** One {@code host:port}: a host name, an IPv4 address or a bracketed IPv6 address, and a port. */
    private static final Pattern MEMBER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})");

    /** A Java package name, optionally written with a trailing '.*' or '.'. */
    private static final Pattern PACKAGE = Pattern
            .compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*(\\.\\*|\\.)?");

    /**
     * Whether to wire the 'moiraiCluster' bean: this application serves chunks of distributed
     * pipelines and remote tasks on its runtime, and can start them. Needs moirai-hazelcast on the
     * class path; without it the moirai.cluster properties have no effect, and start-up warns
     * when any is set.
     */
    private boolean enabled = true;

    /**
     * Members the embedded member joins over TCP-IP, as host:port. Empty: a cluster of one member
     * on loopback that joins nobody. Given: the member joins them (and binds to loopback only when
     * every one of them is on loopback). Not used when the application has a HazelcastInstance bean.
     */
    private List<String> members = new ArrayList<>();

    /**
     * Fewest serving members for the 'moiraiCluster' health contributor to report UP; below it,
     * DOWN.
     */
    private int minMembers = 1;

    /**
     * Packages whose classes payloads (stages, remote tasks, results) may hold, besides java.*,
     * io.moirai.* and the application's packages (those of its @SpringBootApplication). A payload
     * with a class outside them is refused and logged, never deserialized.
     */
    private List<String> allowedClasses = new ArrayList<>();

    /**
     * Port of the embedded member; when it is taken, the next free one of the following 100.
     * Other instances list this port in moirai.cluster.members. Not used when the application has
     * a HazelcastInstance bean.
     */
    private int port = 5701;

    /**
     * Cluster name of the embedded member: only members of the same name join each other. Not
     * used when the application has a HazelcastInstance bean.
     */
    private String name = "moirai";

    /**
     * How long a remote task keeps being sent again while every member it may run on answers that
     * its runtime's bounded queue is full, before it fails with RejectedExecutionException. Chunks
     * of a distributed pipeline wait as long as the evaluation runs.
     */
    private Duration busyTimeout = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getMembers() {
        return this.members;
    }

    public void setMembers(List<String> members) {
        this.members = members;
    }

    public int getMinMembers() {
        return this.minMembers;
    }

    public void setMinMembers(int minMembers) {
        this.minMembers = minMembers;
    }

    public List<String> getAllowedClasses() {
        return this.allowedClasses;
    }

    public void setAllowedClasses(List<String> allowedClasses) {
        this.allowedClasses = allowedClasses;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getName() {
        return this.name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Duration getBusyTimeout() {
        return this.busyTimeout;
    }

    public void setBusyTimeout(Duration busyTimeout) {
        this.busyTimeout = busyTimeout;
    }

    /**
     * The package names of {@link #getAllowedClasses()} as the allow-list takes them: without a
     * trailing {@code .*} or {@code .}.
     *
     * @return the packages
     */
    List<String> allowedPackages() {
        return this.allowedClasses.stream().map(p -> p.strip().replaceFirst("\\.\\*?$", "")).toList();
    }

    @Override
    public boolean supports(Class<?> type) {
        return MoiraiClusterProperties.class.isAssignableFrom(type);
    }

    /**
     * Rejects what the embedded member or the allow-list would refuse, each error's default
     * message being what is allowed, in {@link AllowedValues}' words.
     */
    @Override
    public void validate(Object target, Errors errors) {
        MoiraiClusterProperties properties = (MoiraiClusterProperties) target;
        if (properties.getMembers() == null || !properties.getMembers().stream().allMatch(MoiraiClusterProperties::isMember)) {
            reject(errors, "members");
        }
        if (properties.getMinMembers() < 1) {
            reject(errors, "minMembers");
        }
        if (properties.getAllowedClasses() == null
                || !properties.getAllowedClasses().stream().allMatch(p -> p != null && PACKAGE.matcher(p.strip()).matches())) {
            reject(errors, "allowedClasses");
        }
        if (!isPort(properties.getPort())) {
            reject(errors, "port");
        }
        if (properties.getName() == null || properties.getName().isBlank()) {
            reject(errors, "name");
        }
        Duration busy = properties.getBusyTimeout();
        if (busy == null || busy.isNegative() || busy.compareTo(AllowedValues.MAX_DURATION) > 0) {
            reject(errors, "busyTimeout");
        }
    }

    /**
     * Whether {@code member} is a {@code host:port} the embedded member can join.
     *
     * @param member one entry of {@code moirai.cluster.members}
     * @return true if it is well formed with a port from 1 to 65535
     */
    static boolean isMember(String member) {
        if (member == null) {
            return false;
        }
        var matcher = MEMBER.matcher(member.strip());
        return matcher.matches() && isPort(Integer.parseInt(matcher.group(3)));
    }

    private static boolean isPort(int port) {
        return port >= 1 && port <= 65535;
    }

    private static void reject(Errors errors, String field) {
        String property = AllowedValues.propertyName(PREFIX, field);
        errors.rejectValue(field, "moirai.invalid", AllowedValues.describe(property));
    }
}
