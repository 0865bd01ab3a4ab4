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
 * One {@code moirai.*} value that Moirai cannot use, with what a start-up report says about it:
 * a value a property does not accept, or a property Moirai does not have.
 *
 * @param property the property, in its canonical (dashed) form
 * @param value    the value as given
 * @param allowed  what the property accepts, in {@link AllowedValues}' words; for an unknown
 *                 property, what is wrong with its name ({@link UnknownProperties#hint})
 * @param origin   where the value came from (a file and line, a property source), if known
 * @param unknown  whether Moirai has no such property
 */
record InvalidProperty(String property, String value, String allowed, @Nullable Origin origin, boolean unknown) {

    InvalidProperty(String property, String value, String allowed, @Nullable Origin origin) {
        this(property, value, allowed, origin, false);
    }

    /**
     * A property Moirai does not have, most likely a misspelt one.
     *
     * @param given the property as a property source holds it
     * @param hint  what is wrong with its name
     * @return the unknown property
     */
    static InvalidProperty unknown(ConfigurationProperty given, String hint) {
        return new InvalidProperty(given.getName().toString(), String.valueOf(given.getValue()), hint,
                given.getOrigin(), true);
    }

    /**
     * A value that could not be converted to the property's type.
     *
     * @param given the property as the binder read it
     * @return the invalid value
     */
    static InvalidProperty unconvertible(ConfigurationProperty given) {
        String property = given.getName().toString();
        String value = String.valueOf(given.getValue());
        return new InvalidProperty(property, value, AllowedValues.describe(property, value), given.getOrigin());
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
                String value = String.valueOf((given != null) ? given.getValue() : field.getRejectedValue());
                invalid.add(new InvalidProperty(property, value, AllowedValues.describe(property, value),
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
        return this.property + "=\"" + this.value + "\" (" + (this.unknown ? "unknown: " : "allowed: ")
                + this.allowed + ")";
    }
}
