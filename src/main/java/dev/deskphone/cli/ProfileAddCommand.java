package dev.deskphone.cli;

import dev.deskphone.profile.ConfigScope;
import dev.deskphone.profile.Profile;
import dev.deskphone.profile.ProfileDraft;
import dev.deskphone.profile.ProfileService;
import dev.deskphone.profile.SecretsSharing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskphone profile add NAME --server URI --domain DOMAIN ...}. */
@Command(
        name = "add",
        sortOptions = false,
        description = {
            "Add a PBX profile (or change one with --replace).",
            "With --system (as root) the profile goes to the system directory and is locked for users."
        })
final class ProfileAddCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Profile name: letters, digits, '.', '_', '-'.")
    private String name;

    @Option(
            names = "--server",
            required = true,
            paramLabel = "URI",
            description = "SIP WebSocket server, ws:// or wss://host[:port][/path].")
    private String server;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "SIP domain.")
    private String domain;

    @Option(
            names = "--stun",
            paramLabel = "URI",
            split = ",",
            description = "STUN server, stun: or stuns:host[:port]; repeatable.")
    private List<String> stun = new ArrayList<>();

    @Option(
            names = "--turn",
            paramLabel = "URI",
            description = "TURN server, turn: or turns:host[:port][?transport=udp|tcp].")
    private String turn;

    @Option(names = "--turn-username", paramLabel = "USER", description = "TURN user name.")
    private String turnUsername;

    @Option(
            names = "--turn-password-file",
            paramLabel = "FILE",
            description = "File holding the TURN password (stored in secrets.json: mode 0600; with --system, root:"
                    + ProfileService.SYSTEM_SECRETS_GROUP + " 0640, so agents in that group can use it).")
    private Path turnPasswordFile;

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description = "PEM file of the CA certificates that sign the wss:// server's certificate; copied.")
    private Path caFile;

    @Option(
            names = "--register-expires",
            paramLabel = "SECONDS",
            description = "REGISTER expiry, 60 to 86400 (default: 600).")
    private Integer registerExpires;

    @Option(
            names = "--ice-timeout-ms",
            paramLabel = "MS",
            description = "ICE candidate gathering timeout, 100 to 30000 (default: 1000).")
    private Integer iceTimeoutMs;

    @Option(
            names = "--disposition",
            paramLabel = "TEXT",
            description = "A choice of the wrap-up form after each call; repeatable, in order (default: notes only).")
    private List<String> dispositions = new ArrayList<>();

    @Option(
            names = "--wrapup-seconds",
            paramLabel = "SECONDS",
            description = "Wrap-up time after each call, then the wrap-up is sent as it is; 0 to 3600, 0: no timer"
                    + " (default: 60).")
    private Integer wrapUpSeconds;

    @Option(
            names = "--dnd-response",
            paramLabel = "CODE",
            description = "What calls refused in Do not disturb or after-call work get: 486 (Busy Here, default),"
                    + " 480 (Temporarily Unavailable) or 603 (Decline).")
    private Integer dndResponse;

    @Option(
            names = "--ring-during-wrapup",
            paramLabel = "on|off",
            description = "on: calls ring while a wrap-up form is open; off (default): they are refused as in"
                    + " Do not disturb.")
    private String ringDuringWrapUp;

    @Option(
            names = "--auto-answer",
            paramLabel = "SECONDS",
            description = "Answer this profile's incoming calls by themselves after SECONDS, 0 to 600 (default: ring"
                    + " until answered). The launch option --auto-answer overrides it.")
    private Integer autoAnswerSeconds;

    @Option(
            names = "--ice-transport-policy",
            paramLabel = "POLICY",
            description = "all: any ICE candidate (default); relay: media only through the TURN server (needs --turn).")
    private String iceTransportPolicy;

    @Option(
            names = "--allow-links",
            paramLabel = "PATTERN",
            description = "Dial clicked sip:/tel: links matching PATTERN without asking the agent; repeatable. A host"
                    + " (crm.example.com, *.example.com), a number or prefix (+4930123, +4930*), or * for every link"
                    + " (default: the agent confirms every link).")
    private List<String> allowLinks = new ArrayList<>();

    @Option(
            names = "--refer",
            paramLabel = "POLICY",
            description = "A far end's REFER (it asks this phone to call someone): refuse (603, default) or accept"
                    + " (placed as a call of its own, shown to the agent).")
    private String refer;

    @Option(
            names = "--keepalive-seconds",
            paramLabel = "SECONDS",
            description = "Probe the SIP connection every SECONDS (WebSocket ping); a missed answer reconnects at once"
                    + " instead of looking registered while unreachable. 0 to 3600, 0: off (default: 30).")
    private Integer keepAliveSeconds;

    @Option(
            names = "--header-auto-answer",
            paramLabel = "on|off",
            description = "Answer at once when the caller asks for it (Call-Info answer-after=N, Alert-Info"
                    + " auto-answer or info=alert-autoanswer, as intercom and paging systems send): on, or off"
                    + " (default: ignored, the call rings).")
    private String headerAutoAnswer;

    @Option(
            names = "--codecs",
            paramLabel = "LIST",
            split = ",",
            description = "Audio codecs in order of preference, for what this phone offers and answers:"
                    + " comma-separated from opus, pcmu, pcma, g722, each once; codecs not named follow"
                    + " (default: the media engine's order, opus first).")
    private List<String> codecs = new ArrayList<>();

    @Option(names = "--default", description = "Make this the default profile.")
    private boolean makeDefault;

    @Option(names = "--replace", description = "Replace an existing profile of this name (keeps its accounts).")
    private boolean replace;

    @Option(names = "--system", description = "Write to the system directory (as root); users cannot change it.")
    private boolean system;

    /** Tells the admin who can use the system TURN passwords now, and how to share them if nobody can. */
    private void reportSharing(SecretsSharing sharing) {
        if (sharing.shared()) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Secrets: %s is root:%s, mode 0640: members of group '%s' can use them"
                                    + " (add an agent: adduser AGENT %s)%n",
                            sharing.file(), sharing.group(), sharing.group(), sharing.group());
        } else if (sharing.groupExists()) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "deskphone: warning: %s is readable by its owner only (mode 0600): this user"
                                    + " may not give it to group '%s' (root may), so agents' apps cannot use its TURN passwords; run this command"
                                    + " again as root%n",
                            sharing.file(), sharing.group());
        } else {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "deskphone: warning: there is no group '%s', so %s is readable by root"
                                    + " only (mode 0600) and agents' apps cannot use its TURN passwords; to share them: addgroup --system"
                                    + " %s, adduser AGENT %s, then run this command again%n",
                            sharing.group(), sharing.file(), sharing.group(), sharing.group());
        }
    }

    @Override
    public Integer call() {
        DeskphoneCommand root = DeskphoneCommand.of(spec);
        char[] turnPassword =
                turnPasswordFile == null ? null : SecretInput.readFile(turnPasswordFile, "--turn-password-file");
        try {
            ProfileDraft draft = ProfileDraft.builder(name, server, domain)
                    .stun(stun)
                    .turn(turn, turnUsername)
                    .caFile(caFile)
                    .registerExpires(registerExpires)
                    .iceGatheringTimeoutMs(iceTimeoutMs)
                    .makeDefault(makeDefault)
                    .replace(replace)
                    .dispositions(dispositions)
                    .wrapUpSeconds(wrapUpSeconds)
                    .autoAnswerSeconds(autoAnswerSeconds)
                    .iceTransportPolicy(iceTransportPolicy)
                    .allowLinks(allowLinks)
                    .refer(refer)
                    .keepAliveSeconds(keepAliveSeconds)
                    .headerAutoAnswer(headerAutoAnswer)
                    .codecs(codecs)
                    .dndResponse(dndResponse)
                    .ringDuringWrapUp(ringDuringWrapUp)
                    .build();
            ConfigScope scope = system ? ConfigScope.SYSTEM : ConfigScope.USER;
            Profile profile = root.profileService().addProfile(draft, turnPassword, scope);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s profile '%s' (%s, %s)%n",
                            replace ? "Saved" : "Added",
                            profile.name(),
                            system ? "system, locked" : "user",
                            root.configDirs().dir(scope));
            if (system) {
                root.profileService().systemSecretsSharing().ifPresent(this::reportSharing);
            }
            return ExitCodes.OK;
        } finally {
            if (turnPassword != null) {
                Arrays.fill(turnPassword, '\0');
            }
        }
    }
}
