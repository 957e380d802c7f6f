package dev.deskphone.ringing;

/**
 * A ringing inbound call, as the alert shows it.
 *
 * @param callId  the page's call id (the one its call events carry)
 * @param caller  who calls: display name and/or number, as the page formats it
 * @param account the account called ({@code profile/extension}), may be null
 */
public record IncomingCall(String callId, String caller, String account) {
    public IncomingCall {
        if (callId == null || callId.isBlank()) {
            throw new IllegalArgumentException("call: required");
        }
        caller = caller == null || caller.isBlank() ? "Unknown caller" : caller;
    }
}
