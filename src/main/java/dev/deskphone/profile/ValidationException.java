package dev.deskphone.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input that Deskphone refuses, with the offending field (see {@link Fields}) and a message meant
 * for a person. Nothing has been written when this is thrown.
 */
public final class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> errors;

    /** One problem. */
    public ValidationException(String field, String message) {
        this(Map.of(field, message));
    }

    /** Several problems, in the order they should be shown; the first is the headline. */
    public ValidationException(Map<String, String> errors) {
        super(first(errors).getValue());
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    /** The first offending field. */
    public String field() {
        return first(errors).getKey();
    }

    /** Every offending field with its message, first problem first (for forms that mark each input). */
    public Map<String, String> errors() {
        return errors;
    }

    private static Map.Entry<String, String> first(Map<String, String> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one error");
        }
        return errors.entrySet().iterator().next();
    }
}
