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
 * turns into the usual report (property, value, origin, allowed values).
 */
final class OnMoiraiEnabledCondition extends SpringBootCondition {

    static final String PROPERTY = MoiraiProperties.PREFIX + ".enabled";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        BindResult<Boolean> enabled = Binder.get(context.getEnvironment()).bind(PROPERTY, Boolean.class);
        if (!enabled.isBound()) {
            return ConditionOutcome.match(PROPERTY + " is not set (Moirai is on by default)");
        }
        return enabled.get()
                ? ConditionOutcome.match(PROPERTY + " is true")
                : ConditionOutcome.noMatch(PROPERTY + " is false");
    }
}
