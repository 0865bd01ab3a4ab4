package io.moirai.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Several {@code moirai.*} values cannot be used: some could not be converted to their type, and
 * possibly others are out of range. Thrown when the {@code moirai} prefix finishes binding, so
 * that start-up reports every bad value at once rather than the first one the binder met.
 */
final class InvalidMoiraiPropertiesException extends RuntimeException {

    private final transient List<InvalidProperty> invalid;

    InvalidMoiraiPropertiesException(List<InvalidProperty> invalid) {
        super("Invalid moirai.* properties: " + invalid.stream().map(InvalidProperty::toString)
                .collect(Collectors.joining("; ")));
        this.invalid = List.copyOf(invalid);
    }

    /**
     * The values that cannot be used, the unconvertible ones first, each in binding order.
     *
     * @return the invalid values
     */
    List<InvalidProperty> getInvalid() {
        return this.invalid;
    }
}
