package dev.deskphone.platform;

import java.util.function.IntFunction;
import java.util.function.Supplier;

/** The one check of a whole number typed as text within a range; each caller words its own refusals. */
public final class WholeNumbers {
    private WholeNumbers() {}

    /**
     * {@code text} (as given: callers trim it their way) as an int from {@code min} to {@code max}.
     *
     * @param notANumber the refusal of text that is no whole number
     * @param outOfRange the refusal of a number outside the range, given the number
     */
    public static <E extends RuntimeException> int within(
            String text, int min, int max, Supplier<E> notANumber, IntFunction<E> outOfRange) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw notANumber.get();
        }
        if (value < min || value > max) {
            throw outOfRange.apply(value);
        }
        return value;
    }
}
