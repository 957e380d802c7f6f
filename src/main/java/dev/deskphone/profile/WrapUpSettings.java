package dev.deskphone.profile;

import java.util.List;

/**
 * What the agent gets after each call of a profile: the wrap-up form's dispositions and how long
 * the form stays before the wrap-up is sent as it is; and how calls are refused while the agent is
 * not available (Do not disturb, or after-call work while a wrap-up form is open).
 *
 * @param seconds the wrap-up timer; 0: no timer (the form waits for the agent)
 * @param dispositions the choices offered, in order; empty: notes only
 * @param dndResponse the SIP response refused calls get: 486 Busy Here, 480 Temporarily Unavailable
 *     or 603 Decline (RFC 3261 §21.4.18, §21.4.7, §21.6.2)
 * @param ringDuringWrapUp whether calls ring while a wrap-up form is open (else they are refused)
 */
public record WrapUpSettings(int seconds, List<String> dispositions, int dndResponse, boolean ringDuringWrapUp) {
    /** The responses a profile may choose for refused calls. */
    public static final List<Integer> DND_RESPONSES = List.of(486, 480, 603);

    public static final int DEFAULT_DND_RESPONSE = 486;
    public static final int DEFAULT_SECONDS = 60;
    public static final int MAX_SECONDS = 3600;
    public static final int MAX_DISPOSITIONS = 50;
    public static final int MAX_DISPOSITION_LENGTH = 64;
    public static final WrapUpSettings DEFAULT = new WrapUpSettings(DEFAULT_SECONDS, List.of());

    /** Refused calls get 486, and none rings during wrap-up. */
    public WrapUpSettings(int seconds, List<String> dispositions) {
        this(seconds, dispositions, DEFAULT_DND_RESPONSE, false);
    }

    public WrapUpSettings {
        dispositions = List.copyOf(dispositions);
    }
}
