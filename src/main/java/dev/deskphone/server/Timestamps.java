package dev.deskphone.server;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/** RFC 3339 date-times on the wire, epoch milliseconds in storage. */
final class Timestamps {
    private static final DateTimeFormatter OUT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** Parses a date-time with an explicit offset ({@code Z} or {@code ±hh:mm}); empty if it is not one. */
    static OptionalLong parse(String text) {
        try {
            return OptionalLong.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .toEpochMilli());
        } catch (DateTimeParseException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    static String format(long epochMillis) {
        return OUT.format(Instant.ofEpochMilli(epochMillis));
    }

    static String formatOrNull(Long epochMillis) {
        return epochMillis == null ? null : format(epochMillis);
    }
}
