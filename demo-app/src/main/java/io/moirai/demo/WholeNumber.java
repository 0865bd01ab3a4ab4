package io.moirai.demo;

import org.jspecify.annotations.Nullable;

/**
 * Reads the API's whole-number query parameters. Spring's {@code @RequestParam(defaultValue)}
 * would also give the default for a parameter that is present but empty ({@code ?tasks=}), so a
 * cleared form field would silently run the default; here only an absent parameter takes it.
 */
final class WholeNumber {

    private WholeNumber() {
    }

    /**
     * The parameter's value, checked.
     *
     * @param name     the parameter's name, for the message
     * @param value    the parameter as sent, or {@code null} if absent
     * @param fallback the value of an absent parameter
     * @param min      the least value allowed
     * @param max      the greatest value allowed
     * @return the value, or {@code fallback} if absent
     * @throws BadParameterException naming the parameter and its allowed range, if the value is
     *                                  empty, not a whole number, or out of range
     */
    static long parse(String name, @Nullable String value, long fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        long number;
        try {
            number = Long.parseLong(value.strip());
        } catch (NumberFormatException ex) {
            throw new BadParameterException(
                    name + " must be a whole number between " + min + " and " + max + ", was '" + value + "'");
        }
        if (number < min || number > max) {
            throw new BadParameterException(name + " must be between " + min + " and " + max + ", was " + number);
        }
        return number;
    }

    /**
     * As {@link #parse(String, String, long, long, long)}, for an {@code int} parameter.
     *
     * @param name     the parameter's name, for the message
     * @param value    the parameter as sent, or {@code null} if absent
     * @param fallback the value of an absent parameter
     * @param min      the least value allowed
     * @param max      the greatest value allowed
     * @return the value, or {@code fallback} if absent
     */
    static int parseInt(String name, @Nullable String value, int fallback, int min, int max) {
        return (int) parse(name, value, fallback, min, max);
    }
}
