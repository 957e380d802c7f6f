package dev.deskphone.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.contract.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads typed fields out of a JSON object, collecting one Laravel-style message per bad field
 * (nested fields in dot notation: {@code quality.jitter_ms}) instead of stopping at the first.
 */
final class JsonFields {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final JsonNode node;
    private final String prefix;
    private final Map<String, List<String>> errors;

    JsonFields(JsonNode node) {
        this(node, "", new LinkedHashMap<>());
    }

    private JsonFields(JsonNode node, String prefix, Map<String, List<String>> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** Throws the collected 422 if any field was bad. */
    void check() {
        if (!errors.isEmpty()) {
            throw HttpProblem.validation(errors);
        }
    }

    String requiredString(String name, int maxLength) {
        String value = optionalString(name, maxLength);
        if (value == null && !errors.containsKey(prefix + name)) {
            fail(name, "The %s field is required.");
        }
        return value;
    }

    /** A string, or null when absent or null; empty strings count as absent, as in Laravel. */
    String optionalString(String name, int maxLength) {
        JsonNode value = present(name, JsonNode::isTextual, "a string");
        if (value == null) {
            return null;
        }
        String text = value.textValue();
        if (text.isBlank()) {
            return null;
        }
        if (text.codePointCount(0, text.length()) > maxLength) {
            fail(name, "The %s field must not be greater than " + maxLength + " characters.");
            return null;
        }
        return text;
    }

    /**
     * Text the far end chose (a caller's display name): never refused for its length or content,
     * but cleaned and clipped ({@link SafeText#clip}); null when absent or blank.
     */
    String optionalFarEndText(String name, int maxLength) {
        String text = optionalString(name, Integer.MAX_VALUE);
        return text == null ? null : SafeText.clip(text, maxLength);
    }

    /** Like {@link #optionalFarEndText}, but required. */
    String requiredFarEndText(String name, int maxLength) {
        String text = requiredString(name, Integer.MAX_VALUE);
        return text == null ? null : SafeText.clip(text, maxLength);
    }

    /** A far-end URI ({@code remote_uri}): cleaned and clipped like {@link #optionalFarEndText}, scheme checked. */
    String requiredFarEndUri(String name, int maxLength) {
        String value = requiredString(name, Integer.MAX_VALUE);
        if (value == null) {
            return null;
        }
        String uri = SafeText.uri(value, maxLength);
        if (!SafeText.isCallUri(uri)) {
            fail(name, "The %s field must be a sip:, sips: or tel: URI.");
            return null;
        }
        return uri;
    }

    String requiredUuid(String name) {
        String value = requiredString(name, 36);
        if (value != null && !UUID.matcher(value).matches()) {
            fail(name, "The %s field must be a valid UUID.");
            return null;
        }
        return value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
    }

    String requiredOneOf(String name, Set<String> allowed) {
        String value = requiredString(name, 32);
        if (value != null && !allowed.contains(value)) {
            fail(name, "The %s field must be one of: " + String.join(", ", new TreeSet<>(allowed)) + ".");
            return null;
        }
        return value;
    }

    /** An RFC 3339 date-time with an offset, as epoch milliseconds; 0 when missing or bad (and recorded). */
    long requiredInstant(String name) {
        String value = requiredString(name, 64);
        if (value == null) {
            return 0;
        }
        OptionalLong parsed = Timestamps.parse(value);
        if (parsed.isEmpty()) {
            fail(name, "The %s field must be an RFC 3339 date-time with an offset, e.g. 2025-01-31T09:15:00.000Z.");
            return 0;
        }
        return parsed.getAsLong();
    }

    Integer optionalInteger(String name, int min, int max) {
        JsonNode value = present(name, v -> v.isIntegralNumber() && v.canConvertToInt(), "an integer");
        if (value == null) {
            return null;
        }
        int number = value.intValue();
        if (number < min || number > max) {
            fail(name, "The %s field must be between " + min + " and " + max + ".");
            return null;
        }
        return number;
    }

    double requiredNumber(String name, double min, double max) {
        if (node.get(name) == null || node.get(name).isNull()) {
            fail(name, "The %s field is required.");
            return 0;
        }
        Double value = optionalNumber(name, min, max);
        return value == null ? 0 : value;
    }

    Double optionalNumber(String name, double min, double max) {
        JsonNode value = present(name, v -> v.isNumber() && Double.isFinite(v.doubleValue()), "a number");
        if (value == null) {
            return null;
        }
        double number = value.doubleValue();
        if (number < min || number > max) {
            fail(name, "The %s field must be between " + format(min) + " and " + format(max) + ".");
            return null;
        }
        return number;
    }

    /** The nested object's fields, or null when absent or null. */
    JsonFields optionalObject(String name) {
        JsonNode value = present(name, JsonNode::isObject, "an object");
        return value == null ? null : new JsonFields(value, prefix + name + ".", errors);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    private void fail(String name, String template) {
        String field = prefix + name;
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(String.format(template, field));
    }

    private static String format(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    /**
     * The field's value when it is there and of its type; null when absent or JSON null, and null
     * with an error ("The x field must be {@code type}.") when it is of another type.
     */
    private JsonNode present(String name, Predicate<JsonNode> ofType, String type) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!ofType.test(value)) {
            fail(name, "The %s field must be " + type + ".");
            return null;
        }
        return value;
    }
}
