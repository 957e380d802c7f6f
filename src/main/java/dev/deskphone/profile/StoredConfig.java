package dev.deskphone.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content of one {@code deskphone.json}, exactly as stored (no secrets). Kept apart from the
 * public records so the file format can evolve behind {@link #VERSION}.
 */
record StoredConfig(int version, List<StoredProfile> profiles, List<StoredAccount> accounts) {
    static final int VERSION = 1;

    StoredConfig {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    static StoredConfig empty() {
        return new StoredConfig(VERSION, List.of(), List.of());
    }

    Optional<StoredProfile> profile(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    Optional<StoredProfile> defaultProfile() {
        return profiles.stream().filter(StoredProfile::isDefault).findFirst();
    }

    List<StoredAccount> accountsOf(String profileName) {
        return accounts.stream().filter(a -> a.profile().equals(profileName)).toList();
    }

    /** Adds or replaces (in place) the profile; a new default clears the others'. */
    StoredConfig withProfile(StoredProfile profile) {
        List<StoredProfile> result = new ArrayList<>();
        boolean replaced = false;
        for (StoredProfile p : profiles) {
            StoredProfile kept = profile.isDefault() ? p.withDefault(false) : p;
            if (p.name().equals(profile.name())) {
                result.add(profile);
                replaced = true;
            } else {
                result.add(kept);
            }
        }
        if (!replaced) {
            result.add(profile);
        }
        return new StoredConfig(VERSION, result, accounts);
    }

    StoredConfig withoutProfile(String name) {
        return new StoredConfig(
                VERSION, profiles.stream().filter(p -> !p.name().equals(name)).toList(), accounts);
    }

    StoredConfig withAccount(StoredAccount account) {
        List<StoredAccount> result = new ArrayList<>(accounts);
        result.add(account);
        return new StoredConfig(VERSION, profiles, result);
    }

    StoredConfig withoutAccounts(String profileName, List<String> extensions) {
        return new StoredConfig(
                VERSION,
                profiles,
                accounts.stream()
                        .filter(a -> !(a.profile().equals(profileName) && extensions.contains(a.extension())))
                        .toList());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredProfile(
            String name,
            String server,
            String domain,
            List<String> stun,
            StoredTurn turn,
            String caFile,
            Integer registerExpires,
            Integer iceGatheringTimeoutMs,
            @JsonProperty("default") boolean isDefault,
            List<String> dispositions,
            Integer wrapUpSeconds,
            Integer autoAnswerSeconds,
            String iceTransportPolicy,
            List<String> allowLinks,
            String refer,
            Integer keepAliveSeconds,
            Boolean headerAutoAnswer,
            List<String> codecs,
            Integer dndResponse,
            String ringDuringWrapUp) {

        StoredProfile {
            codecs = codecs == null || codecs.isEmpty() ? null : List.copyOf(codecs);
            stun = stun == null ? List.of() : List.copyOf(stun);
            // Absent rather than empty in the file, so profiles without wrap-up settings look as before.
            dispositions = dispositions == null || dispositions.isEmpty() ? null : List.copyOf(dispositions);
            allowLinks = allowLinks == null || allowLinks.isEmpty() ? null : List.copyOf(allowLinks);
        }

        StoredProfile withDefault(boolean value) {
            return stored(caFile, value);
        }

        /**
         * This profile with its CA copy's path and default flag: the two that are set as it is stored.
         * The one place that copies it.
         */
        StoredProfile stored(String caRelativePath, boolean asDefault) {
            return new StoredProfile(
                    name,
                    server,
                    domain,
                    stun,
                    turn,
                    caRelativePath,
                    registerExpires,
                    iceGatheringTimeoutMs,
                    asDefault,
                    dispositions,
                    wrapUpSeconds,
                    autoAnswerSeconds,
                    iceTransportPolicy,
                    allowLinks,
                    refer,
                    keepAliveSeconds,
                    headerAutoAnswer,
                    codecs,
                    dndResponse,
                    ringDuringWrapUp);
        }
    }

    record StoredTurn(String uri, String username) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredAccount(String profile, String extension, String displayName, String authUsername) {}
}
