package dev.deskphone.profile;

import java.util.List;

/**
 * What the agent gets after each call of a profile: the wrap-up form's dispositions and how long
 * the form stays before the wrap-up is sent as it is.
 *
 * @param seconds the wrap-up timer; 0: no timer (the form waits for the agent)
 * @param dispositions the choices offered, in order; empty: notes only
 */
public record WrapUpSettings(int seconds, List<String> dispositions) {
    public static final int DEFAULT_SECONDS = 60;
    public static final int MAX_SECONDS = 3600;
    public static final int MAX_DISPOSITIONS = 50;
    public static final int MAX_DISPOSITION_LENGTH = 64;
    public static final WrapUpSettings DEFAULT = new WrapUpSettings(DEFAULT_SECONDS, List.of());

    public WrapUpSettings {
        dispositions = List.copyOf(dispositions);
    }
}
