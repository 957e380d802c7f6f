package dev.deskphone.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deskphone.profile.Account;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.Profile;
import dev.deskphone.profile.Secrets;
import dev.deskphone.settings.EffectiveSetting;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code config} message for the page (architecture.md): the accounts to register, with their
 * passwords and ICE servers, the profiles for the settings form, and the launch settings this run
 * uses (shown in Settings, the administrator's ones as locked). Never logged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PageConfig(
        String type,
        List<PageAccount> accounts,
        List<PageProfile> profiles,
        int maxAccounts,
        List<String> warnings,
        Integer autoAnswerSeconds,
        List<PageLaunchSetting> launchSettings) {

    PageConfig(
            String type,
            List<PageAccount> accounts,
            List<PageProfile> profiles,
            int maxAccounts,
            List<String> warnings) {
        this(type, accounts, profiles, maxAccounts, warnings, null, List.of());
    }

    /** For calls: {@code --auto-answer}'s delay (every account answers incoming calls after it). */
    PageConfig forCalls(java.util.OptionalInt autoAnswer) {
        return new PageConfig(
                type,
                accounts,
                profiles,
                maxAccounts,
                warnings,
                autoAnswer.isPresent() ? autoAnswer.getAsInt() : null,
                launchSettings);
    }

    /** This config with the launch settings for the Settings panel. */
    PageConfig withLaunchSettings(List<EffectiveSetting> settings) {
        List<PageLaunchSetting> shown = settings.stream()
                .map(s -> new PageLaunchSetting(
                        s.setting().key(),
                        s.setting().label(),
                        s.shown(),
                        s.source().wireName(),
                        s.locked()))
                .toList();
        return new PageConfig(type, accounts, profiles, maxAccounts, warnings, autoAnswerSeconds, shown);
    }

    /** One launch setting: {@code source} is system (then {@code locked}), flag, user or default. */
    record PageLaunchSetting(String name, String label, String value, String source, boolean locked) {}

    record PageAccount(
            String id,
            String profile,
            String extension,
            String displayName,
            String authUsername,
            String password,
            String server,
            String domain,
            int registerExpires,
            int iceGatheringTimeoutMs,
            List<IceServer> iceServers,
            Integer autoAnswerSeconds,
            String iceTransportPolicy,
            List<String> allowLinks,
            String refer,
            int keepAliveSeconds,
            boolean headerAutoAnswer,
            List<String> codecs,
            int dndResponse,
            boolean ringDuringWrapUp) {
        @Override
        public String toString() {
            return "PageAccount[" + id + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IceServer(String urls, String username, String credential) {
        @Override
        public String toString() {
            return "IceServer[" + urls + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PageProfile(
            String name,
            String server,
            String domain,
            List<String> stun,
            String turn,
            String turnUsername,
            boolean locked,
            boolean isDefault,
            int accounts,
            int wrapUpSeconds,
            List<String> dispositions,
            Integer autoAnswerSeconds,
            String iceTransportPolicy) {}

    /**
     * Builds the message; with {@code onlyProfile}, only that profile's accounts are registered.
     * An account whose password is missing is left out with a warning rather than sent to fail.
     */
    static PageConfig from(Configuration configuration, Secrets secrets, Optional<String> onlyProfile) {
        List<String> warnings = new ArrayList<>(configuration.warnings());
        List<PageAccount> accounts = new ArrayList<>();
        for (Account account : configuration.accounts()) {
            if (onlyProfile.isPresent() && !onlyProfile.get().equals(account.profile())) {
                continue;
            }
            Optional<Profile> profile = configuration.profile(account.profile());
            Optional<String> password = secrets.sipPassword(account);
            if (profile.isEmpty()) {
                continue;
            }
            if (password.isEmpty()) {
                warnings.add("account " + account.id() + " has no stored password: add it again with "
                        + "'deskphone account add --profile " + account.profile() + " --extension "
                        + account.extension() + "'");
                continue;
            }
            accounts.add(new PageAccount(
                    account.id(),
                    account.profile(),
                    account.extension(),
                    account.displayName(),
                    account.authUsername(),
                    password.get(),
                    profile.get().server().toString(),
                    profile.get().domain(),
                    profile.get().registerExpires(),
                    profile.get().iceGatheringTimeoutMs(),
                    iceServers(profile.get(), secrets),
                    autoAnswer(profile.get()),
                    profile.get().calls().iceTransportPolicy().wireName(),
                    profile.get().consent().allowLinks(),
                    profile.get().consent().refer().wireName(),
                    profile.get().keepAliveSeconds(),
                    profile.get().calls().headerAutoAnswer(),
                    profile.get().calls().codecs(),
                    profile.get().wrapUp().dndResponse(),
                    profile.get().wrapUp().ringDuringWrapUp()));
        }
        List<PageProfile> profiles = configuration.profiles().stream()
                .map(p -> new PageProfile(
                        p.name(),
                        p.server().toString(),
                        p.domain(),
                        p.stun().stream().map(URI::toString).toList(),
                        p.turn().map(t -> t.uri().toString()).orElse(null),
                        p.turn().map(t -> t.username()).orElse(null),
                        p.locked(),
                        configuration.isDefault(p.name()),
                        configuration.accountsOf(p.name()).size(),
                        p.wrapUp().seconds(),
                        p.wrapUp().dispositions(),
                        autoAnswer(p),
                        p.calls().iceTransportPolicy().wireName()))
                .toList();
        return new PageConfig(
                "config", List.copyOf(accounts), profiles, Configuration.MAX_ACCOUNTS, List.copyOf(warnings));
    }

    /** This config with every profile's wrap-up timer set to {@code --wrapup-seconds}, when given. */
    PageConfig withWrapUpSeconds(Optional<Integer> seconds) {
        if (seconds.isEmpty()) {
            return this;
        }
        List<PageProfile> changed = profiles.stream()
                .map(p -> new PageProfile(
                        p.name(),
                        p.server(),
                        p.domain(),
                        p.stun(),
                        p.turn(),
                        p.turnUsername(),
                        p.locked(),
                        p.isDefault(),
                        p.accounts(),
                        seconds.get(),
                        p.dispositions(),
                        p.autoAnswerSeconds(),
                        p.iceTransportPolicy()))
                .toList();
        return new PageConfig(type, accounts, changed, maxAccounts, warnings, autoAnswerSeconds, launchSettings);
    }

    private static Integer autoAnswer(Profile profile) {
        OptionalInt seconds = profile.calls().autoAnswerSeconds();
        return seconds.isPresent() ? seconds.getAsInt() : null;
    }

    /** The browser softphone's {@code peerConnectionConfiguration.iceServers}: STUN entries, then TURN with credentials. */
    private static List<IceServer> iceServers(Profile profile, Secrets secrets) {
        List<IceServer> servers = new ArrayList<>();
        profile.stun().forEach(uri -> servers.add(new IceServer(uri.toString(), null, null)));
        profile.turn()
                .ifPresent(turn -> servers.add(new IceServer(
                        turn.uri().toString(),
                        turn.username(),
                        secrets.turnPassword(profile).orElse(null))));
        return List.copyOf(servers);
    }

    @Override
    public String toString() {
        return "PageConfig[" + accounts.size() + " accounts, " + profiles.size() + " profiles]";
    }
}
