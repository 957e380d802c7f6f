package dev.deskphone.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads request bodies strictly, in the order a client can act on: wrong content type 415, too
 * large 413, not JSON 400, not an object 422. Also reads the optional Idempotency-Key header.
 */
final class JsonBodies {
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_DRAIN_BYTES = 4 * 1024 * 1024;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final ObjectMapper mapper;

    JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JsonNode read(Context ctx) throws IOException {
        String type = ctx.contentType();
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new HttpProblem(415, "The request body must be sent as Content-Type: application/json.");
        }
        long declared = ctx.req().getContentLengthLong();
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > MAX_BODY_BYTES) {
                throw tooLarge(in, declared);
            }
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw tooLarge(in, -1);
            }
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new HttpProblem(400, "The request body is not valid JSON: " + describe(e));
        }
        if (node == null || node.isMissingNode()) {
            throw new HttpProblem(400, "The request body is empty; a JSON object is required.");
        }
        if (!node.isObject()) {
            throw HttpProblem.validation("body", "The request body must be a JSON object.");
        }
        return node;
    }

    /** The client's Idempotency-Key with a fingerprint of this request, if the header was sent. */
    Optional<IdempotencyKeys.Claim> claim(Context ctx, JsonNode body) throws JsonProcessingException {
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key == null) {
            return Optional.empty();
        }
        if (!KEY.matcher(key).matches()) {
            throw HttpProblem.validation(
                    IDEMPOTENCY_KEY, "The Idempotency-Key header must be 1 to 255 visible ASCII characters.");
        }
        String fingerprint = ctx.method() + " " + ctx.path() + "\n" + mapper.writeValueAsString(body);
        return Optional.of(new IdempotencyKeys.Claim(key, sha256(fingerprint)));
    }

    /**
     * A 413. A moderately large body is read to its end first, so the client (still sending it)
     * gets the answer instead of a reset connection; a huge one is not, and Jetty closes.
     */
    private static HttpProblem tooLarge(InputStream in, long declared) throws IOException {
        if (declared <= MAX_DRAIN_BYTES) {
            long drained = 0;
            byte[] sink = new byte[8192];
            int n;
            while (drained <= MAX_DRAIN_BYTES && (n = in.read(sink)) > 0) {
                drained += n;
            }
        }
        return new HttpProblem(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
    }

    /** Jackson's own description, without the echo of the body it appends. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        JsonLocation location = e.getLocation();
        return location == null
                ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
