package dev.deskphone.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects every problem in an input (first one per field), so a form can show them all at once. */
final class Validation {
    private final Map<String, String> errors = new LinkedHashMap<>();

    void reject(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
