package dev.deskphone.settings;

/**
 * A launch setting's value refused, or a change refused (a locked setting). The message is whole
 * and names the setting as its flag ({@code --outbox-capacity must be between ...}), so the launch
 * flag and {@code deskphone settings set} report the same mistake in the same words.
 */
public final class InvalidSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
