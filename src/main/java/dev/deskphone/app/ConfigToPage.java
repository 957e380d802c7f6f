package dev.deskphone.app;

import dev.deskphone.accounts.AccountAvailability;
import dev.deskphone.accounts.AccountStatusBoard;
import dev.deskphone.bridge.PageApi;
import dev.deskphone.platform.StartupSteps;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.sip.SipCredential;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's {@code config}: the configuration and secrets as the page uses them, sent when the page
 * says ready and after every change made in the settings form. What the last one left out or could
 * not read is kept for {@code deskphone status}.
 */
final class ConfigToPage {
    private static final Logger log = LoggerFactory.getLogger(ConfigToPage.class);

    private final ProfileService profiles;
    private final AppOptions options;
    private final EventsOptions eventsOptions;
    private final CallOptions callOptions;
    private final AccountStatusBoard accounts;
    private final AccountAvailability availability;
    private final PageApi page;
    private final Consumer<List<SipCredential>> credentials;
    private final AtomicReference<List<String>> warnings = new AtomicReference<>(List.of());

    ConfigToPage(
            ProfileService profiles,
            AppOptions options,
            EventsOptions eventsOptions,
            CallOptions callOptions,
            AccountStatusBoard accounts,
            AccountAvailability availability,
            PageApi page,
            Consumer<List<SipCredential>> credentials) {
        this.profiles = profiles;
        this.options = options;
        this.eventsOptions = eventsOptions;
        this.callOptions = callOptions;
        this.accounts = accounts;
        this.availability = availability;
        this.page = page;
        this.credentials = credentials;
    }

    /** Reads the configuration and secrets (disk: call off the FX thread) and sends them to the page. */
    void send() {
        PageConfig config = PageConfig.from(profiles.load(), profiles.loadSecrets(), options.profile())
                .withWrapUpSeconds(eventsOptions.wrapUpSeconds())
                .withLaunchSettings(options.launchSettings());
        accounts.retainOnly(
                config.accounts().stream().map(PageConfig.PageAccount::id).collect(Collectors.toSet()));
        availability.configured(
                config.accounts().stream().map(PageConfig.PageAccount::id).toList());
        config.warnings().forEach(warning -> log.warn("Configuration: {}", warning));
        warnings.set(config.warnings());
        // Java keeps what the page registers with, to leave the PBX itself if the page cannot.
        credentials.accept(config.accounts().stream()
                .map(a -> new SipCredential(
                        a.server(),
                        a.extension(),
                        a.authUsername() == null || a.authUsername().isBlank() ? a.extension() : a.authUsername(),
                        a.password()))
                .toList());
        page.post(config.forCalls(callOptions.autoAnswerSeconds()));
        StartupSteps.mark("configuration sent to the page");
    }

    /** What the last configuration sent to the page left out or could not read. */
    List<String> warnings() {
        return warnings.get();
    }
}
