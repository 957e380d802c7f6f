package dev.deskphone.testsupport;

import dev.deskphone.profile.ProfileDraft;

/** Profile drafts the unit tests start from: a PBX's server and domain, the rest set by each test. */
public final class ProfileDrafts {
    public static final String PBX_SERVER = "wss://pbx.example.com/ws";
    public static final String PBX_DOMAIN = "pbx.example.com";

    private ProfileDrafts() {}

    /** A draft of the profile {@code name} on {@value #PBX_SERVER}, everything else default. */
    public static ProfileDraft.Builder onPbx(String name) {
        return ProfileDraft.builder(name, PBX_SERVER, PBX_DOMAIN);
    }
}
