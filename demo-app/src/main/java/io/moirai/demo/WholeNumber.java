package io.moirai.demo;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the API's whole-number query parameters. Spring's {@code @RequestParam(defaultValue)}
 * would also give the default for a parameter that is present but empty ({@code ?tasks=}), so a
 * cleared form field would silently run the default; here only an absent parameter takes it.
 */
final class WholeNumber {

    private static final Pattern ASCII_WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

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
     *                                  empty, not a whole number in ASCII digits, or out of range
     */
    static long parse(String name, @Nullable String value, long fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        String digits = value.strip();
        // ASCII digits only: Long.parseLong also reads other scripts' digits (U+0663 as 3, U+FF15 as 5)
        if (!ASCII_WHOLE_NUMBER.matcher(digits).matches()) {
            throw notAWholeNumber(name, value, min, max);
        }
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException ex) {
            throw notAWholeNumber(name, value, min, max);
        }
        if (number < min || number > max) {
            throw new BadParameterException(name + " must be between " + min + " and " + max + ", was " + number);
        }
        return number;
    }

    private static BadParameterException notAWholeNumber(String name, String value, long min, long max) {
        return new BadParameterException(
                name + " must be a whole number between " + min + " and " + max + ", was '" + value + "'");
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
