package dev.deskphone.ringing;

import dev.deskphone.contract.CallEventLimits;
import dev.deskphone.contract.SafeText;

/**
 * A ringing inbound call, as the alert shows it: the caller's name as the call card shows it,
 * with their address under it. Both are the far end's choice, so they are cleaned and clipped
 * ({@link SafeText}) and only ever shown as text.
 *
 * @param callId  the page's call id (the one its call events carry)
 * @param caller  who calls: the display name when the caller sent one, else their address
 * @param uri     the caller's address (SIP URI or number), or null when it is all there is to show
 * @param account the account called ({@code profile/extension}), may be null
 */
public record IncomingCall(String callId, String caller, String uri, String account) {
    public IncomingCall {
        if (callId == null || callId.isBlank()) {
            throw new IllegalArgumentException("call: required");
        }
        caller = caller == null || caller.isBlank() ? uri == null || uri.isBlank() ? "Unknown caller" : uri : caller;
        caller = SafeText.clip(caller.strip(), CallEventLimits.DISPLAY_NAME);
        uri = uri == null || uri.isBlank() || uri.strip().equals(caller)
                ? null
                : SafeText.clip(uri.strip(), CallEventLimits.URI);
    }

    /** A call known by one text only (the page's {@code alert} message formats the caller itself). */
    public IncomingCall(String callId, String caller, String account) {
        this(callId, caller, null, account);
    }
}
