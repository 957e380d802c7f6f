package dev.deskphone.sip;

/**
 * An account's SIP credentials as the page registers it: the WebSocket server it connects to, its
 * extension (the user of its address of record) and its digest username and password. Java keeps
 * them so that it can remove the account's binding itself when the page cannot (see {@link SipSockets#leave}).
 */
public record SipCredential(String server, String extension, String authUsername, String password) {
    @Override
    public String toString() {
        return "SipCredential[" + extension + " at " + server + "]";
    }
}
