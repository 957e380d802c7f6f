package dev.deskphone.profile;

/** Which configuration directory a profile lives in; {@link #SYSTEM} profiles are locked for users. */
public enum ConfigScope {
    USER,
    SYSTEM
}
