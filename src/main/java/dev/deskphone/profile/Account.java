package dev.deskphone.profile;

/**
 * A SIP account (one registration) on a profile. Its password is kept in {@code secrets.json}:
 * see {@link Secrets}.
 */
public record Account(String profile, String extension, String displayName, String authUsername) {

    /** The account's id, {@code profile/extension}, used by the page and in {@code secrets.json}. */
    public String id() {
        return id(profile, extension);
    }

    public static String id(String profile, String extension) {
        return profile + "/" + extension;
    }
}
