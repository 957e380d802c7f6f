package dev.deskphone.profile;

/**
 * A configuration file or directory that cannot be read, understood or written. The message names
 * the file. Deskphone never overwrites a file it could not understand.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
