package dev.deskphone.profile;

/**
 * Field names carried by {@link ValidationException}: the command-line flag without its dashes, so
 * the CLI can name the flag and the settings form can mark the input.
 */
public final class Fields {
    /** The profile name (the {@code NAME} argument of {@code profile add/show/remove}). */
    public static final String NAME = "name";

    public static final String SERVER = "server";
    public static final String DOMAIN = "domain";
    public static final String STUN = "stun";
    public static final String TURN = "turn";
    public static final String TURN_USERNAME = "turn-username";
    public static final String TURN_PASSWORD = "turn-password";
    public static final String CA_FILE = "ca-file";
    public static final String REGISTER_EXPIRES = "register-expires";
    public static final String ICE_TIMEOUT_MS = "ice-timeout-ms";
    public static final String DEFAULT = "default";
    /** Wrap-up after each call: the disposition list and the timer. */
    public static final String DISPOSITION = "disposition";

    public static final String WRAPUP_SECONDS = "wrapup-seconds";
    /** Availability: what refused calls get, and whether calls ring during wrap-up. */
    public static final String DND_RESPONSE = "dnd-response";

    public static final String RING_DURING_WRAPUP = "ring-during-wrapup";
    /** Call handling: answer incoming calls by themselves, and relay-only ICE. */
    public static final String AUTO_ANSWER = "auto-answer";

    public static final String ICE_TRANSPORT_POLICY = "ice-transport-policy";
    /** A caller's own auto-answer request (Call-Info answer-after, Alert-Info auto-answer) honoured or not. */
    public static final String HEADER_AUTO_ANSWER = "header-auto-answer";
    /** Audio codecs in order of preference. */
    public static final String CODECS = "codecs";
    /** Call consent: links dialled without asking, and what a far end's REFER gets. */
    public static final String ALLOW_LINKS = "allow-links";

    public static final String REFER = "refer";
    /** How often the SIP connection is probed, so a silently dead one is noticed. */
    public static final String KEEPALIVE_SECONDS = "keepalive-seconds";
    /** The profile an account belongs to ({@code account add --profile}). */
    public static final String PROFILE = "profile";

    public static final String EXTENSION = "extension";
    public static final String DISPLAY_NAME = "display-name";
    public static final String AUTH_USERNAME = "auth-username";
    public static final String PASSWORD = "password";
    /** The account list as a whole (the account limit). */
    public static final String ACCOUNTS = "accounts";

    private Fields() {}
}
