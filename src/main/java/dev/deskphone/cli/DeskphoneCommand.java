package dev.deskphone.cli;

import dev.deskphone.app.AppOptions;
import dev.deskphone.app.CallOptions;
import dev.deskphone.app.DeskphoneApp;
import dev.deskphone.app.EventsOptions;
import dev.deskphone.app.ToolkitStart;
import dev.deskphone.calls.CallLink;
import dev.deskphone.platform.StartupSteps;
import dev.deskphone.profile.ConfigDirs;
import dev.deskphone.profile.Configuration;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.settings.Autostart;
import dev.deskphone.settings.InvalidSettingException;
import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.settings.LaunchSettings;
import dev.deskphone.settings.SettingRules;
import dev.deskphone.settings.SettingsService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The root {@code deskphone} command: launches the app, and holds what every subcommand shares
 * ({@code --config-dir}, the process environment). Its help, version and exit-code list are
 * inherited by every subcommand ({@code scope = INHERIT}).
 */
@Command(
        name = "deskphone",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Desktop softphone for call-center agents.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":done",
            ExitCodes.SOFTWARE + ":unexpected internal error",
            ExitCodes.USAGE + ":bad command line: unknown or missing flag, or a value refused",
            ExitCodes.CONFIG + ":a configuration file could not be read or written",
            ExitCodes.NOT_RUNNING + ":no running Deskphone to ask (status, call, calls watch)",
            ExitCodes.NO_DISPLAY + ":the window cannot open: no graphical display",
            ExitCodes.UNAVAILABLE + ":a service is unavailable (database unreachable, port in use)",
            ExitCodes.REFUSED + ":the running Deskphone refused the request (a sip:/tel: link it could not dial)",
            ExitCodes.NO_SUCH_CALL + ":no call to act on: none in progress, an unknown call id, or a call not in the"
                    + " state the action needs (call)"
        },
        footerHeading = "%nConfiguration:%n",
        footer = {
            "User files in --config-dir, else $DESKPHONE_CONFIG_DIR, else $XDG_CONFIG_HOME/deskphone,"
                    + " else ~/.config/deskphone. Locked profiles and settings in /etc/deskphone ($DESKPHONE_SYSTEM_CONFIG_DIR).",
            "The launch flags (--backend... --log-level) also come from 'deskphone settings set'; a flag overrides the"
                    + " user's setting for one run and is refused where the administrator set it."
        })
public final class DeskphoneCommand implements Callable<Integer>, CommandRoot {
    /**
     * The subcommands, in the order help lists them. Not in the annotation: {@link Main} builds their
     * model (the larger part of the command line's start) only for a command line that may use them.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ProfileCommand.class,
            AccountCommand.class,
            StatusCommand.class,
            DialCommand.class,
            DndCommand.class,
            HistoryCommand.class,
            AudioCommand.class,
            ServerCommand.class,
            EventsCommand.class,
            SettingsCommand.class,
            ProvisionCommand.class,
            CallCommand.class,
            CallsCommand.class);

    private final CliEnvironment environment;
    private final ToolkitStart toolkits;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "The user's configuration directory (default: $DESKPHONE_CONFIG_DIR, "
                    + "$XDG_CONFIG_HOME/deskphone, ~/.config/deskphone).")
    private Path configDir;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "The profile to start with (default: the default profile).")
    private String profile;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "URI",
            converter = CallLinkConverter.class,
            description = "A sip:, sips: or tel: link to dial (what the desktop passes for a clicked link);"
                    + " a running Deskphone takes it over.")
    private CallLink link;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            scope = ScopeType.INHERIT,
            description = "Detail of the app log (ERROR, WARN, INFO, DEBUG, TRACE; default: INFO). The log is in"
                    + " ~/.local/state/deskphone/logs ($DESKPHONE_LOG_DIR), rotated daily and at 10 MB.")
    void setLogLevel(String level) {
        String checked;
        try {
            checked = LaunchSetting.LOG_LEVEL.check(level);
        } catch (InvalidSettingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        launchFlags.put(LaunchSetting.LOG_LEVEL, checked);
        // Applied while the command line is parsed, so the whole run logs at this level.
        LogLevel.apply(checked);
    }

    @Mixin
    private LaunchFlags launchFlags = new LaunchFlags();

    public DeskphoneCommand(CliEnvironment environment) {
        this(environment, new ToolkitStart(environment.variables()));
    }

    /** @param toolkits the toolkits' start, which {@link Main} may have begun already */
    DeskphoneCommand(CliEnvironment environment, ToolkitStart toolkits) {
        this.environment = environment;
        this.toolkits = toolkits;
    }

    /** Launches the app window; returns when it is closed, or at once if an instance was running. */
    @Override
    public Integer call() throws Exception {
        return launch(Optional.empty(), Optional.empty());
    }

    /** Launches the app, which dials {@code dialTarget} once registered (or hands it to the running app). */
    Integer launch(Optional<String> dialTarget, Optional<String> dialAccount) throws Exception {
        StartupSteps.mark("command line parsed");
        Map<LaunchSetting, String> flags = launchFlags.checkedForLaunch();
        Configuration configuration = loadConfiguration(profileService());
        if (profile != null && configuration.profile(profile).isEmpty()) {
            throw new UsageException("--profile: no profile named '" + profile + "' (see 'deskphone profile list')");
        }
        // The menu entry, a clicked link, 'deskphone dial' and autostart all come through here.
        LaunchSettings settings = settingsService().loadForLaunch(flags);
        EventsOptions events = BackendLaunchOptions.toOptions(settings);
        settings.value(LaunchSetting.LOG_LEVEL).ifPresent(LogLevel::apply);
        Map<String, String> env = environment.variables();
        if (!env.containsKey("DISPLAY") && !env.containsKey("WAYLAND_DISPLAY")) {
            spec.commandLine()
                    .getErr()
                    .println("deskphone: no graphical display (DISPLAY is not set): start Deskphone"
                            + " from a desktop session; admins can still use the profile and account commands");
            return ExitCodes.NO_DISPLAY;
        }
        AppOptions options = new AppOptions(
                configDirs(),
                configuration,
                profile(),
                env,
                environment.userHome(),
                Optional.ofNullable(link),
                settings.all());
        CallOptions calls = new CallOptions(autoAnswerSeconds(settings), dialTarget, dialAccount);
        new DeskphoneApp(options, calls, events, toolkits)
                .run(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** The auto-answer delay the launch settings ask for; empty for none (or "off"): the profiles decide. */
    private static OptionalInt autoAnswerSeconds(LaunchSettings settings) {
        return settings.value(LaunchSetting.AUTO_ANSWER)
                .filter(v -> !v.equals(SettingRules.OFF))
                .map(v -> OptionalInt.of(Integer.parseInt(v)))
                .orElse(OptionalInt.empty());
    }

    /** The launch argument: a mistyped command lands here too, so the message names both. */
    static final class CallLinkConverter implements ITypeConverter<CallLink> {
        @Override
        public CallLink convert(String value) {
            return CallLink.parse(value)
                    .orElseThrow(
                            () -> new TypeConversionException(
                                    "'" + value
                                            + "' is neither a command (profile, account, status, dial, events, server) nor a sip:, sips: or tel: link to dial"));
        }
    }

    /** The root command of the command line the given (sub)command belongs to. */
    static DeskphoneCommand of(CommandSpec anyCommand) {
        return (DeskphoneCommand) anyCommand.root().userObject();
    }

    @Override
    public CliEnvironment environment() {
        return environment;
    }

    /** The configuration directories after {@code --config-dir} and the environment are applied. */
    public ConfigDirs configDirs() {
        return ConfigDirs.resolve(configDir, environment.variables(), environment.userHome());
    }

    /** The {@code --profile} given at launch, if any. */
    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    ProfileService profileService() {
        return new ProfileService(configDirs(), ProfileService.systemSecretsGroup(environment.variables()));
    }

    SettingsService settingsService() {
        return new SettingsService(configDirs(), Autostart.resolve(environment.variables(), environment.userHome()));
    }

    /** The launch flags given on this command line ({@code settings set} stores what they say). */
    LaunchFlags launchFlags() {
        return launchFlags;
    }

    /** Loads the merged configuration, reporting what was ignored on stderr. */
    Configuration loadConfiguration(ProfileService service) {
        Configuration configuration = service.load();
        for (String warning : configuration.warnings()) {
            spec.commandLine().getErr().println("deskphone: warning: " + warning);
        }
        spec.commandLine().getErr().flush();
        return configuration;
    }
}
