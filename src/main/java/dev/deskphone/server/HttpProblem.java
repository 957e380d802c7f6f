package dev.deskphone.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answered as JSON: {@code {"message": ...}}, plus {@code "errors": {field: [messages]}}
 * for validation failures (422), the shape Laravel clients expect.
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final transient Map<String, List<String>> errors;

    HttpProblem(int status, String message) {
        this(status, message, Map.of());
    }

    private HttpProblem(int status, String message, Map<String, List<String>> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = errors;
    }

    /** 422 with Laravel's summary: the first message, then "(and N more errors)". */
    static HttpProblem validation(Map<String, List<String>> errors) {
        int total = errors.values().stream().mapToInt(List::size).sum();
        String first = errors.values().iterator().next().get(0);
        String message =
                total == 1 ? first : first + " (and " + (total - 1) + " more error" + (total == 2 ? "" : "s") + ")";
        return new HttpProblem(422, message, new LinkedHashMap<>(errors));
    }

    static HttpProblem validation(String field, String message) {
        return validation(Map.of(field, List.of(message)));
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", getMessage());
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        return body;
    }
}
