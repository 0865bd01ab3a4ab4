package io.moirai.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.origin.Origin;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * One {@code moirai.*} value that Moirai cannot use, with what a start-up report says about it.
 *
 * @param property the property, in its canonical (dashed) form
 * @param value    the value as given
 * @param allowed  what the property accepts, in {@link AllowedValues}' words
 * @param origin   where the value came from (a file and line, a property source), if known
 */
record InvalidProperty(String property, String value, String allowed, @Nullable Origin origin) {

    /**
     * A value that could not be converted to the property's type.
     *
     * @param given the property as the binder read it
     * @return the invalid value
     */
    static InvalidProperty unconvertible(ConfigurationProperty given) {
        String property = given.getName().toString();
        return new InvalidProperty(property, String.valueOf(given.getValue()), AllowedValues.describe(property),
                given.getOrigin());
    }

    /**
     * The values that {@link MoiraiProperties#validate} (or {@link MoiraiClusterProperties#validate})
     * rejected.
     *
     * @param validation the failure of a {@code moirai} prefix's validation
     * @return one invalid value per rejected field, in the validator's order
     */
    static List<InvalidProperty> rejectedBy(BindValidationException validation) {
        List<InvalidProperty> invalid = new ArrayList<>();
        String prefix = validation.getValidationErrors().getName().toString();
        for (ObjectError error : validation.getValidationErrors()) {
            if (error instanceof FieldError field) {
                String property = AllowedValues.propertyName(prefix, field.getField());
                ConfigurationProperty given = find(validation, property);
                Object value = (given != null) ? given.getValue() : field.getRejectedValue();
                invalid.add(new InvalidProperty(property, String.valueOf(value), AllowedValues.describe(property),
                        (given != null) ? given.getOrigin() : null));
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

    @Override
    public String toString() {
        return this.property + "=\"" + this.value + "\" (allowed: " + this.allowed + ")";
    }
}
