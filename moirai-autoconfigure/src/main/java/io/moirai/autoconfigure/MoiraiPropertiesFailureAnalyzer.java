package io.moirai.autoconfigure;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Turns bad {@code moirai.*} values into a start-up report that names, for each, the property,
 * the value given, where it came from and what is allowed. Covers values that cannot be converted
 * at all ({@code moirai.queue.rejection-policy=maybe}, {@code moirai.parallelism=many}) and values
 * that convert but are out of range ({@code moirai.parallelism=0}, a negative duration, one too
 * long to time in nanoseconds); with {@link MoiraiPropertiesBindHandler} in place, every bad value
 * is reported at once. Ordered ahead of Boot's generic binding analyzers so a Moirai property
 * always gets this report.
 */
public final class MoiraiPropertiesFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(MoiraiProperties.PREFIX);

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        // the whole chain first: binding moirai.cluster fails with a BindException named after the
        // prefix itself, whose cause holds the values to report
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidMoiraiPropertiesException invalid) {
                return report(invalid.getInvalid(), cause);
            }
            if (cause instanceof BindValidationException validation
                    && isMoiraiPrefix(validation.getValidationErrors().getName())) {
                return report(InvalidProperty.rejectedBy(validation), cause);
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind && PREFIX.isAncestorOf(bind.getName())) {
                return report(List.of(unconvertible(bind)), cause);
            }
        }
        return null;
    }

    /** {@code moirai} itself or one of the prefixes below it ({@code moirai.cluster}). */
    static boolean isMoiraiPrefix(ConfigurationPropertyName name) {
        return PREFIX.equals(name) || PREFIX.isAncestorOf(name);
    }

    /**
     * A value the binder could not convert, when the binding stopped at it (no
     * {@link MoiraiPropertiesBindHandler}, as when an application enables the properties itself).
     * The origin is the property's: {@link BindException#getOrigin()} looks at the property name,
     * which has none.
     */
    private static InvalidProperty unconvertible(BindException bind) {
        ConfigurationProperty given = bind.getProperty();
        if (given != null) {
            return InvalidProperty.unconvertible(given);
        }
        String property = bind.getName().toString();
        return new InvalidProperty(property, "(not readable)", AllowedValues.describe(property), null);
    }

    private static FailureAnalysis report(List<InvalidProperty> invalid, Throwable cause) {
        StringBuilder description = new StringBuilder("Moirai cannot start: ");
        boolean anyUnknown = invalid.stream().anyMatch(InvalidProperty::unknown);
        if (!anyUnknown) {
            description.append(invalid.size() == 1 ? "a moirai.* property has an invalid value." :
                    invalid.size() + " moirai.* properties have invalid values.");
        } else {
            description.append(invalid.size() == 1 ? "a moirai.* property is not one Moirai has." :
                    invalid.size() + " moirai.* properties are invalid or not ones Moirai has.");
        }
        StringBuilder action = new StringBuilder();
        for (InvalidProperty value : invalid) {
            description.append(System.lineSeparator()).append(System.lineSeparator())
                    .append("    Property: ").append(value.property()).append(System.lineSeparator())
                    .append("    Value: \"").append(value.value()).append('"').append(System.lineSeparator());
            if (value.origin() != null) {
                description.append("    Origin: ").append(value.origin()).append(System.lineSeparator());
            }
            action.append(action.isEmpty() ? "" : System.lineSeparator());
            if (value.unknown()) {
                description.append("    Problem: ").append(value.allowed());
                action.append("Correct or remove ").append(value.property()).append(" (").append(value.allowed())
                        .append(").");
            } else {
                description.append("    Allowed: ").append(value.allowed());
                action.append("Set ").append(value.property()).append(" to ").append(value.allowed())
                        .append(", or remove it to use the default.");
            }
        }
        return new FailureAnalysis(description.toString(), action.toString(), cause);
    }

    /** Ahead of Boot's own binding analyzers, which would give a generic report. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
