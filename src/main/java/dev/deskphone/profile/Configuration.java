package dev.deskphone.profile;

import java.util.List;
import java.util.Optional;

/**
 * The merged, validated configuration: the administrator's locked profiles first, then the
 * user's; the user's accounts. Holds no secrets (see {@link Secrets}).
 *
 * @param profiles       every usable profile, system ones first
 * @param accounts       every usable account, in the order they were added
 * @param defaultProfile the profile to use when none is chosen: the system default, else the user
 *                       default, else the only profile
 * @param warnings       things ignored while merging (shadowed profiles, orphan accounts...), for
 *                       the log or the CLI to report
 */
public record Configuration(
        List<Profile> profiles, List<Account> accounts, Optional<String> defaultProfile, List<String> warnings) {
    /** At most this many accounts are configured (and registered) at once. */
    public static final int MAX_ACCOUNTS = 6;

    public Configuration {
        profiles = List.copyOf(profiles);
        accounts = List.copyOf(accounts);
        warnings = List.copyOf(warnings);
    }

    public Optional<Profile> profile(String name) {
        return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<Account> accountsOf(String profileName) {
        return accounts.stream().filter(a -> a.profile().equals(profileName)).toList();
    }

    public boolean isDefault(String profileName) {
        return defaultProfile.filter(profileName::equals).isPresent();
    }
}
