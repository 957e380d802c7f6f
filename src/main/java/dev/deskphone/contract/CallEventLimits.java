package dev.deskphone.contract;

/**
 * The longest values a call event may carry, in Unicode code points: the {@code maxLength}s of the
 * backend's {@code openapi.yaml} (and its database columns). The page ({@code web/src/call-event-limits.js}),
 * the app's parser of page events and the server's parser all use these; {@code CallEventLimitsTest}
 * and the page's {@code call-event-limits.test.js} hold them against {@code openapi.yaml}.
 */
public final class CallEventLimits {
    /** {@code account}, {@code profile}, {@code disposition}: from the agent's configuration. */
    public static final int NAME = 64;
    /** {@code local_uri}, {@code remote_uri}: from the far end's From/To headers for inbound calls. */
    public static final int URI = 512;
    /** {@code remote_display_name}: whatever the caller put before their URI (RFC 3261 §20.20). */
    public static final int DISPLAY_NAME = 256;
    /** {@code notes}: typed by the agent. */
    public static final int NOTES = 4000;
    /** {@code quality.codec}: the negotiated codec's name, from the far end's SDP too. */
    public static final int CODEC = 32;
    /** {@code remote_user_agent}: the far end's User-Agent or Server header (RFC 3261 §20.41, §20.35). */
    public static final int USER_AGENT = 256;
    /** {@code remote_reason}: the Reason header of the far end's BYE or CANCEL (RFC 3326). */
    public static final int REASON_HEADER = 256;

    private CallEventLimits() {}
}
