package io.moirai.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a bad {@code moirai.*} value into a start-up report that names the property, the value
 * given, where it came from and what is allowed. Covers values that cannot be converted at all
 * ({@code moirai.queue.rejection-policy=maybe}, {@code moirai.parallelism=many}) and values that
 * convert but are out of range ({@code moirai.parallelism=0}, a negative duration). Ordered
 * ahead of Boot's generic binding analyzers so a Moirai property always gets this report.
 */
public final class MoiraiPropertiesFailureAnalyzer implements FailureAnalyzer, Ordered {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(MoiraiProperties.PREFIX);

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindValidationException validation
                    && PREFIX.equals(validation.getValidationErrors().getName())) {
                return report(invalidValues(validation), cause);
            }
            if (cause instanceof BindException bind && PREFIX.isAncestorOf(bind.getName())) {
                return report(List.of(unconvertible(bind)), cause);
            }
        }
        return null;
    }

    private static List<InvalidValue> invalidValues(BindValidationException validation) {
        List<InvalidValue> invalid = new ArrayList<>();
        for (ObjectError error : validation.getValidationErrors()) {
            if (error instanceof FieldError field) {
                String property = AllowedValues.propertyName(field.getField());
                ConfigurationProperty given = find(validation, property);
                Object value = given != null ? given.getValue() : field.getRejectedValue();
                invalid.add(new InvalidValue(property, String.valueOf(value), AllowedValues.describe(property),
                        given != null ? given.getOrigin() : null));
            }
        }
        return invalid;
    }

    private static @Nullable ConfigurationProperty find(BindValidationException validation, String property) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
        for (ConfigurationProperty bound : validation.getValidationErrors().getBoundProperties()) {
            if (bound.getName().equals(name)) {
                return bound;
            }
        }
        return null;
    }

    private static InvalidValue unconvertible(BindException bind) {
        String property = bind.getName().toString();
        ConfigurationProperty given = bind.getProperty();
        String value = given != null ? String.valueOf(given.getValue()) : "(not readable)";
        return new InvalidValue(property, value, AllowedValues.describe(property), bind.getOrigin());
    }

    private static FailureAnalysis report(List<InvalidValue> invalid, Throwable cause) {
        StringBuilder description = new StringBuilder("Moirai cannot start: ");
        description.append(invalid.size() == 1 ? "a moirai.* property has an invalid value." :
                invalid.size() + " moirai.* properties have invalid values.");
        StringBuilder action = new StringBuilder();
        for (InvalidValue value : invalid) {
            description.append(System.lineSeparator()).append(System.lineSeparator())
                    .append("    Property: ").append(value.property()).append(System.lineSeparator())
                    .append("    Value: \"").append(value.value()).append('"').append(System.lineSeparator());
            if (value.origin() != null) {
                description.append("    Origin: ").append(value.origin()).append(System.lineSeparator());
            }
            description.append("    Allowed: ").append(value.allowed());
            action.append(action.isEmpty() ? "" : System.lineSeparator())
                    .append("Set ").append(value.property()).append(" to ").append(value.allowed())
                    .append(", or remove it to use the default.");
        }
        return new FailureAnalysis(description.toString(), action.toString(), cause);
    }

    /** Ahead of Boot's own binding analyzers, which would give a generic report. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private record InvalidValue(String property, String value, String allowed, @Nullable Origin origin) {
    }
}
