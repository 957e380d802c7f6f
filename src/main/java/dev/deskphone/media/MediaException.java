package dev.deskphone.media;

/** libwebrtc refused a media operation; the message carries its reason. */
public class MediaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
