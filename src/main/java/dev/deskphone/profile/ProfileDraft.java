package dev.deskphone.profile;

import java.nio.file.Path;
import java.util.List;

/**
 * A profile as typed by an admin (command line or settings form), before validation. Null means
 * "not given". The TURN password travels separately, as a {@code char[]}.
 *
 * @param caFile      a PEM file anywhere; it is checked and copied into the config directory
 * @param makeDefault make this the default profile of its directory
 * @param replace     replace an existing profile of the same name (its accounts are kept)
 */
public record ProfileDraft(
        String name,
        String server,
        String domain,
        List<String> stun,
        String turnUri,
        String turnUsername,
        Path caFile,
        Integer registerExpires,
        Integer iceGatheringTimeoutMs,
        boolean makeDefault,
        boolean replace) {

    public ProfileDraft {
        stun = stun == null ? List.of() : List.copyOf(stun);
    }

    /** This draft, made the default profile of its directory. */
    public ProfileDraft withDefault() {
        return new ProfileDraft(name, server, domain, stun, turnUri, turnUsername, caFile, registerExpires,
                iceGatheringTimeoutMs, true, replace);
    }

    /** This draft, replacing an existing profile of the same name. */
    public ProfileDraft replacing() {
        return new ProfileDraft(name, server, domain, stun, turnUri, turnUsername, caFile, registerExpires,
                iceGatheringTimeoutMs, makeDefault, true);
    }

    /** The minimal draft: name, server and domain; everything else default. */
    public static ProfileDraft of(String name, String server, String domain) {
        return new ProfileDraft(name, server, domain, List.of(), null, null, null, null, null, false, false);
    }
}
