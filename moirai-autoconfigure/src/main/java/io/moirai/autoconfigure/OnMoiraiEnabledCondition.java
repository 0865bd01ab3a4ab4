package io.moirai.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code moirai.enabled} is {@code false}, and stops start-up when it holds
 * something that is not a boolean. Boot's {@code @ConditionalOnBooleanProperty} treats any value
 * but {@code true} as {@code false}, so {@code moirai.enabled=maybe} would switch Moirai off
 * without a word; this binds the value as {@link MoiraiProperties} does, and a value the binder
 * cannot convert fails with the {@code BindException} that {@link MoiraiPropertiesFailureAnalyzer}
 * turns into the usual report (property, value, origin, allowed values). Binding also reads
 * {@code yes}, {@code on} and {@code 1} as {@code true}, as every other {@code moirai.*} boolean
 * does. {@link Cluster} is the same switch for {@code moirai.cluster.enabled}.
 */
class OnMoiraiEnabledCondition extends SpringBootCondition {

    static final String PROPERTY = MoiraiProperties.PREFIX + ".enabled";

    private final String property;

    private final String what;

    OnMoiraiEnabledCondition() {
        this(PROPERTY, "Moirai");
    }

    private OnMoiraiEnabledCondition(String property, String what) {
        this.property = property;
        this.what = what;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        BindResult<Boolean> enabled = Binder.get(context.getEnvironment()).bind(this.property, Boolean.class);
        if (!enabled.isBound()) {
            return ConditionOutcome.match(this.property + " is not set (" + this.what + " is on by default)");
        }
        return enabled.get()
                ? ConditionOutcome.match(this.property + " is true")
                : ConditionOutcome.noMatch(this.property + " is false");
    }

    /** Matches unless {@code moirai.cluster.enabled} is {@code false}; a value that is not a boolean stops start-up. */
    static final class Cluster extends OnMoiraiEnabledCondition {

        Cluster() {
            super(MoiraiClusterProperties.PREFIX + ".enabled", "the cluster");
        }
    }
}
