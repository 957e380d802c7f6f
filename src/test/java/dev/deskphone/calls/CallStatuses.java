package dev.deskphone.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link CallBoard.CallStatus} the way the page's {@code call-state} is read: from named
 * fields, every one left out null (or 0), so a test names only what it is about.
 */
final class CallStatuses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CallStatuses() {}

    /** A status from alternating field names and values, e.g. {@code of("callId", "c1", "state", "ringing")}. */
    static CallBoard.CallStatus of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return JSON.convertValue(fields, CallBoard.CallStatus.class);
    }
}
