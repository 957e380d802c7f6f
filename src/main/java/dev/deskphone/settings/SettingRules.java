package dev.deskphone.settings;

import dev.deskphone.platform.WholeNumbers;
import dev.deskphone.profile.CaCertificates;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.profile.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What each launch setting accepts, checked the same way for a flag and for a stored setting. Each
 * check returns the value as it is kept (a token file as an absolute path, a log level in capitals).
 */
public final class SettingRules {
    public static final int MIN_CAPACITY = 100;
    public static final int MAX_CAPACITY = 10_000_000;
    public static final int DEFAULT_OUTBOX_CAPACITY = 50_000;
    public static final int MAX_WRAPUP_SECONDS = 3600;
    public static final int MAX_AUTO_ANSWER_SECONDS = 600;
    /** {@code --auto-answer off}: no auto-answer from the launch settings (a profile may still ask for it). */
    public static final String OFF = "off";

    public static final String ON = "on";
    public static final List<String> LOG_LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

    private SettingRules() {}

    static String backend(String text) {
        return backendUrl(text).toString();
    }

    /** The backend's base URL: http or https, a host, nothing else. */
    public static URI backendUrl(String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("--backend: not a URL: " + e.getMessage());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidSettingException("--backend must be an http:// or https:// URL, got '" + text + "'");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new InvalidSettingException("--backend: no host in '" + text + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new InvalidSettingException(
                    "--backend: give the base URL only (no user, query or fragment), got '" + text + "'");
        }
        return url;
    }

    /** The token file as an absolute path (a stored relative path would depend on where the app starts). */
    static String tokenFile(String text) {
        Path file;
        try {
            file = Path.of(text.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException("--backend-token-file: not a file name: '" + text + "'");
        }
        readToken(file);
        return file.toString();
    }

    /** A PEM file of CA certificates for an https:// backend, checked as the launch would read it. */
    static String caFile(String text) {
        Path file = Path.of(caFileName(text));
        try {
            CaCertificates.read(file, Instant.now());
        } catch (ValidationException e) {
            throw new InvalidSettingException("--backend-ca-file: " + e.getMessage());
        }
        return file.toString();
    }

    /**
     * The CA file's name, absolute, without reading the file: at launch the file is read once, where
     * the backend's trust is built from it (which names the flag when it is bad).
     */
    static String caFileName(String text) {
        try {
            return Path.of(text.strip()).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException("--backend-ca-file: not a file name: '" + text + "'");
        }
    }

    /** The bearer token in {@code file}: one line of visible ASCII. */
    public static String readToken(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new InvalidSettingException("--backend-token-file: cannot read " + file + " (" + reason(e) + ")");
        }
        if (token.isEmpty()) {
            throw new InvalidSettingException("--backend-token-file: " + file + " is empty");
        }
        if (token.lines().count() > 1 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidSettingException(
                    "--backend-token-file: " + file + " must hold one token: one line of visible ASCII");
        }
        return token;
    }

    static String outboxCapacity(String text) {
        return String.valueOf(between("--outbox-capacity", text, MIN_CAPACITY, MAX_CAPACITY));
    }

    static String wrapUpSeconds(String text) {
        return String.valueOf(between("--wrapup-seconds", text, 0, MAX_WRAPUP_SECONDS));
    }

    static String autoAnswer(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase(OFF)) {
            return OFF;
        }
        Supplier<InvalidSettingException> refused = () -> new InvalidSettingException(
                "--auto-answer: must be 0 to " + MAX_AUTO_ANSWER_SECONDS + " seconds or off, got " + value);
        return String.valueOf(
                WholeNumbers.within(value, 0, MAX_AUTO_ANSWER_SECONDS, refused, seconds -> refused.get()));
    }

    static String logLevel(String text) {
        String level = text.strip().toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            // The words picocli uses for a refused enum value, so the flag reads as it always has.
            throw new InvalidSettingException("Invalid value for option '--log-level': expected one of " + LOG_LEVELS
                    + " (case-insensitive) but was '" + text + "'");
        }
        return level;
    }

    static String onOff(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (!value.equals(ON) && !value.equals(OFF)) {
            throw new InvalidSettingException("--autostart must be on or off, got '" + text + "'");
        }
        return value;
    }

    private static int between(String flag, String text, int min, int max) {
        return WholeNumbers.within(
                text.strip(),
                min,
                max,
                () -> new InvalidSettingException(
                        flag + " must be a whole number between " + min + " and " + max + ", got '" + text + "'"),
                value -> new InvalidSettingException(
                        flag + " must be between " + min + " and " + max + ", got " + value));
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            // The administrator shares one token with the agents the way the system secrets are shared.
            return "permission denied: a token the administrator shares is root:" + ProfileService.SYSTEM_SECRETS_GROUP
                    + ", mode 0640, and this user must be in group " + ProfileService.SYSTEM_SECRETS_GROUP;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
