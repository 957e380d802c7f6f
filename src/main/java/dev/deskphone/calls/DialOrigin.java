package dev.deskphone.calls;

import java.util.Locale;

/**
 * Who asked for a call, carried with every {@code dial} to the page: a clicked link can come from any
 * web page the agent has open, so the page asks the agent before dialling it (unless the profile
 * allows the link); {@code deskphone dial} is the agent's own command and dials at once.
 */
public enum DialOrigin {
    /** A clicked {@code sip:}/{@code tel:} link, handed over by the desktop. */
    LINK,
    /** {@code deskphone dial}, typed in a terminal or run by the agent's own script. */
    CLI;

    /** The name in instance-channel requests and page commands: {@code link} or {@code cli}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An origin read from a request; anything but {@code cli} counts as a link, so the agent is asked. */
    static DialOrigin fromWire(String value) {
        return CLI.wireName().equals(value) ? CLI : LINK;
    }
}
