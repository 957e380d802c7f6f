package dev.deskphone.cli;

import static dev.deskphone.cli.ProfileAddArgs.onLab;
import static dev.deskphone.cli.ProfileAddArgs.profileAdd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.cli.CliRunner.Result;
import dev.deskphone.testsupport.ConfigSnapshot;
import dev.deskphone.testsupport.SelfSignedCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProfileCommandsTest {
    private static final String SERVER = "wss://pbx.example.com:8443/ws";

    @TempDir
    Path tmp;

    private CliRunner cli;
    private Path turnPassword;
    private Path notACertificate;

    @BeforeEach
    void existingConfiguration() throws Exception {
        cli = new CliRunner(tmp);
        turnPassword = Files.writeString(tmp.resolve("turn.pw"), "turn-secret\n");
        notACertificate = Files.writeString(tmp.resolve("notes.pem"), "-----BEGIN CERTIFICATE-----\nnope\n");
        cli.ok(profileAdd("office", SERVER, "pbx.example.com", "--stun", "stun:stun.example.com:3478", "--default"));
        cli.ok(profileAdd("hq", "wss://hq.example.com/ws", "hq.example.com", "--system", "--default"));
    }

    @Test
    void addedProfilesAreListedWithTheAdministratorsLocked() {
        cli.ok(onLab(
                "lab",
                "--stun",
                "stun:a.example.com,stuns:b.example.com:5349",
                "--turn",
                "turn:t.example.com:3478?transport=udp",
                "--turn-username",
                "agent",
                "--turn-password-file",
                turnPassword.toString(),
                "--register-expires",
                "120",
                "--ice-timeout-ms",
                "500"));

        Result list = cli.ok("profile", "list");

        assertThat(list.out().lines().toList())
                .containsExactly(
                        "NAME    SERVER                         DOMAIN           DEFAULT  LOCKED  ACCOUNTS",
                        "hq      wss://hq.example.com/ws        hq.example.com   yes      yes     0",
                        "office  wss://pbx.example.com:8443/ws  pbx.example.com                   0",
                        "lab     ws://127.0.0.1:5066            lab.local                         0");
        Result show = cli.ok("profile", "show", "lab");
        assertThat(show.out())
                .contains("stun                  stun:a.example.com, stuns:b.example.com:5349")
                .contains("turn                  turn:t.example.com:3478?transport=udp (user agent)")
                .contains("register-expires      120 s")
                .contains("ice-timeout-ms        500 ms")
                .contains("auto-answer           off")
                .contains("ice-transport-policy  all")
                .doesNotContain("turn-secret");
    }

    @Test
    void aProfileCanAnswerCallsByItselfAndKeepMediaOnTheRelay() throws Exception {
        cli.ok(onLab(
                "desk",
                "--turn",
                "turn:t.example.com:3478",
                "--turn-username",
                "agent",
                "--turn-password-file",
                turnPassword.toString(),
                "--auto-answer",
                "2",
                "--ice-transport-policy",
                "RELAY"));

        assertThat(cli.ok("profile", "show", "desk").out())
                .contains("auto-answer           after 2 s")
                .contains("ice-transport-policy  relay");
        assertThat(cli.ok("profile", "show", "desk", "--json").out())
                .contains("\"autoAnswerSeconds\" : 2", "\"iceTransportPolicy\" : \"relay\"");
        assertThat(cli.ok("profile", "show", "office", "--json").out())
                .contains("\"autoAnswerSeconds\" : null", "\"iceTransportPolicy\" : \"all\"");
        // Stored only when set, so older files and profiles without the settings look as before.
        String stored = storedUserConfig();
        assertThat(stored).contains("\"autoAnswerSeconds\" : 2", "\"iceTransportPolicy\" : \"relay\"");
        assertThat(stored.split("\"iceTransportPolicy\"", -1)).hasSize(2);
    }

    @Test
    void aProfileCanAllowLinksToDialWithoutAskingAndAcceptRefer() throws Exception {
        cli.ok(onLab(
                "crm",
                "--allow-links",
                "CRM.example.com",
                "--allow-links",
                "+4930*",
                "--allow-links",
                "*.lab.local",
                "--refer",
                "Accept"));

        assertThat(cli.ok("profile", "show", "crm").out())
                .contains("allow-links           crm.example.com, +4930*, *.lab.local")
                .contains("refer                 accept");
        assertThat(cli.ok("profile", "show", "crm", "--json").out())
                .contains(
                        "\"allowLinks\" : [ \"crm.example.com\", \"+4930*\", \"*.lab.local\" ]",
                        "\"refer\" : \"accept\"");
        assertThat(cli.ok("profile", "show", "office").out())
                .contains("allow-links           none (the agent confirms every link)")
                .contains("refer                 refuse");
        // Stored only when set, so profiles without them look as before.
        String stored = storedUserConfig();
        assertThat(stored.split("\"allowLinks\"", -1)).hasSize(2);
        assertThat(stored.split("\"refer\"", -1)).hasSize(2);
    }

    @Test
    void aProfileChoosesHowUnavailableCallsAreRefusedAndWhetherTheyRingDuringWrapUp() throws Exception {
        cli.ok(onLab("desk", "--dnd-response", "603", "--ring-during-wrapup", "ON"));
        assertThat(cli.ok("profile", "show", "desk").out())
                .contains("dnd-response          603")
                .contains("ring-during-wrapup    on");
        assertThat(cli.ok("profile", "show", "office").out())
                .contains("dnd-response          486")
                .contains("ring-during-wrapup    off");
        String stored = storedUserConfig();
        assertThat(stored.split("\"dndResponse\"", -1)).hasSize(2);
        assertThat(stored.split("\"ringDuringWrapUp\"", -1)).hasSize(2);
    }

    @Test
    void aHandEditedLinkPatternThatIsNoHostOrNumberIsRefusedNamingTheFileAndField() throws Exception {
        Path file = handEditOffice("\"allowLinks\" : [ \"sip:*\" ]");

        Result result = cli.run("profile", "list");

        assertThat(result.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(result.err()).contains(file.toString(), "allow-links", "(got 'sip:*')");
    }

    @Test
    void theKeepAliveIsThirtySecondsUnlessSetAndZeroTurnsItOff() throws Exception {
        cli.ok(onLab("nat", "--keepalive-seconds", "15"));
        cli.ok(onLab("quiet", "--keepalive-seconds", "0"));

        assertThat(cli.ok("profile", "show", "nat").out()).contains("keepalive-seconds     15 s");
        assertThat(cli.ok("profile", "show", "quiet").out()).contains("keepalive-seconds     off");
        assertThat(cli.ok("profile", "show", "office").out()).contains("keepalive-seconds     30 s");
        assertThat(cli.ok("profile", "show", "nat", "--json").out()).contains("\"keepAliveSeconds\" : 15");
        assertThat(cli.ok("profile", "show", "office", "--json").out()).contains("\"keepAliveSeconds\" : 30");
        // Stored only when set, so older files and profiles without it look as before.
        String stored = storedUserConfig();
        assertThat(stored).contains("\"keepAliveSeconds\" : 15", "\"keepAliveSeconds\" : 0");
        assertThat(stored.split("\"keepAliveSeconds\"", -1)).hasSize(3);
    }

    @Test
    void headerAutoAnswerAndCodecOrderAreStoredShownAndOffByDefault() throws Exception {
        cli.ok(onLab("intercom", "--header-auto-answer", "on", "--codecs", "PCMU,opus"));

        assertThat(cli.ok("profile", "show", "intercom").out())
                .contains("header-auto-answer    on")
                .contains("codecs                pcmu, opus");
        assertThat(cli.ok("profile", "show", "office").out())
                .contains("header-auto-answer    off")
                .contains("codecs                default");
        assertThat(cli.ok("profile", "show", "intercom", "--json").out())
                .contains("\"headerAutoAnswer\" : true")
                .containsPattern("\"codecs\" : \\[ \"pcmu\", \"opus\" \\]");
        String stored = storedUserConfig();
        assertThat(stored).contains("\"headerAutoAnswer\" : true");
        // Stored only when set, so older files and profiles without them look as before.
        assertThat(stored.split("\"headerAutoAnswer\"", -1)).hasSize(2);
        assertThat(stored.split("\"codecs\"", -1)).hasSize(2);
    }

    @Test
    void badHeaderAutoAnswerOrCodecsAreRefusedNamingTheFlag() {
        ConfigSnapshot before = cli.snapshot();
        String[] base = {"profile", "add", "bad", "--server", "ws://127.0.0.1:5066", "--domain", "lab.local"};

        Result onOff = cli.run(concat(base, "--header-auto-answer", "yes"));
        Result unknown = cli.run(concat(base, "--codecs", "opus,g729"));
        Result twice = cli.run(concat(base, "--codecs", "pcmu,opus,PCMU"));

        assertThat(onOff.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(onOff.err()).contains("header-auto-answer", "must be 'on' or 'off' (got 'yes')");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("codecs", "'g729' is not a known codec (known: opus, pcmu, pcma, g722)");
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("codecs", "names 'pcmu' twice");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void aHandEditedUnknownCodecIsRefusedNamingTheFileAndField() throws Exception {
        Path file = handEditOffice("\"codecs\" : [ \"ilbc\" ]");

        Result result = cli.run("profile", "list");

        assertThat(result.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(result.err()).contains(file.toString(), "codecs", "'ilbc' is not a known codec");
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aHandEditedKeepAliveOutOfRangeIsRefusedNamingTheFileAndField() throws Exception {
        Path file = handEditOffice("\"keepAliveSeconds\" : 86400");

        Result result = cli.run("profile", "list");

        assertThat(result.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(result.err())
                .contains(file.toString(), "keepalive-seconds", "between 0 and 3600 seconds (got 86400)");
    }

    @Test
    void aHandEditedPolicyThatMakesNoSenseIsRefusedNamingTheFileAndField() throws Exception {
        Path file = handEditOffice("\"iceTransportPolicy\" : \"relay\"");

        Result result = cli.run("profile", "list");

        assertThat(result.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(result.err()).contains(file.toString(), "ice-transport-policy", "'relay' needs a TURN server");
        assertThat(Files.readString(file))
                .as("the file is left for the user to fix")
                .contains("\"relay\"");
    }

    @Test
    void jsonListingHasEveryFieldButNoSecret() {
        cli.ok(onLab(
                "lab",
                "--turn",
                "turns:t.example.com",
                "--turn-username",
                "agent",
                "--turn-password-file",
                turnPassword.toString()));
        cli.env.put("DESKPHONE_SIP_PASSWORD", "sip-secret");
        cli.ok("account", "add", "--profile", "lab", "--extension", "100");

        Result json = cli.ok("profile", "list", "--json");
        Result one = cli.ok("profile", "show", "lab", "--json");

        assertThat(json.out())
                .contains("\"name\" : \"hq\"", "\"locked\" : true", "\"source\" : \"system\"")
                .contains("\"uri\" : \"turns:t.example.com\"", "\"username\" : \"agent\"", "\"lab/100\"")
                .doesNotContain("turn-secret", "sip-secret");
        assertThat(one.out())
                .contains("\"registerExpires\" : 600", "\"iceGatheringTimeoutMs\" : 1000")
                .doesNotContain("turn-secret", "sip-secret");
    }

    @Test
    void removesAUserProfile() {
        Result removed = cli.ok("profile", "remove", "office");

        assertThat(removed.out()).isEqualTo("Removed profile 'office'\n");
        assertThat(cli.ok("profile", "list").out()).doesNotContain("office");
    }

    @Test
    void aProfileWithAccountsIsRemovedOnlyWithForce() {
        cli.env.put("DESKPHONE_SIP_PASSWORD", "sip-secret");
        cli.ok("account", "add", "--profile", "office", "--extension", "100");
        ConfigSnapshot before = cli.snapshot();

        Result refused = cli.run("profile", "remove", "office");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).startsWith("deskphone: NAME: profile 'office' still has 1 account(s) (office/100)");
        assertThat(cli.snapshot()).isEqualTo(before);

        Result forced = cli.ok("profile", "remove", "office", "--force");

        assertThat(forced.out()).isEqualTo("Removed profile 'office' and its accounts office/100\n");
        assertThat(cli.ok("account", "list").out()).startsWith("No accounts yet.");
    }

    @Test
    void theAdministratorIsToldWhoCanUseTheSystemTurnPassword() throws Exception {
        List<String> withTurn = List.of(
                "profile",
                "add",
                "lab",
                "--server",
                "wss://lab.example.com",
                "--domain",
                "lab.example.com",
                "--turn",
                "turns:turn.example.com:5349",
                "--turn-username",
                "agent",
                "--turn-password-file",
                turnPassword.toString(),
                "--system");
        Path secrets = cli.systemDir.resolve("secrets.json");
        cli.env.put("DESKPHONE_SYSTEM_SECRETS_GROUP", "deskphone-test-no-such-group");

        Result unshared = cli.ok(withTurn.toArray(String[]::new));

        assertThat(unshared.err())
                .isEqualTo("deskphone: warning: there is no group 'deskphone-test-no-such-group', so "
                        + secrets
                        + " is readable by root only (mode 0600) and agents' apps cannot use its TURN passwords; to share"
                        + " them: addgroup --system deskphone-test-no-such-group, adduser AGENT deskphone-test-no-such-group, then run"
                        + " this command again\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
                .isEqualTo("rw-------");

        // "daemon" stands for the package's group: one every Debian system has.
        cli.env.put("DESKPHONE_SYSTEM_SECRETS_GROUP", "daemon");
        Result shared =
                cli.ok(Stream.concat(withTurn.stream(), Stream.of("--replace")).toArray(String[]::new));

        assertThat(shared.err()).isEmpty();
        assertThat(shared.out())
                .endsWith("Secrets: " + secrets + " is root:daemon, mode 0640: members of group 'daemon'"
                        + " can use them (add an agent: adduser AGENT daemon)\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
                .isEqualTo("rw-r-----");
        assertThat(cli.ok("profile", "show", "lab").out()).contains("turn-password         stored");
    }

    @Test
    void theAdministratorRemovesALockedProfileWithSystem() {
        Result removed = cli.ok("profile", "remove", "hq", "--system");

        assertThat(removed.out()).isEqualTo("Removed profile 'hq'\n");
        assertThat(cli.ok("profile", "list").out()).doesNotContain("hq");
    }

    @Test
    void replaceChangesAProfileAndKeepsItsAccounts() {
        cli.env.put("DESKPHONE_SIP_PASSWORD", "sip-secret");
        cli.ok("account", "add", "--profile", "office", "--extension", "100");

        cli.ok(profileAdd("office", "wss://new.example.com/ws", "pbx.example.com", "--replace"));

        assertThat(cli.ok("profile", "show", "office").out())
                .contains("wss://new.example.com/ws")
                .contains("accounts              100");
    }

    @Test
    void aCaFileIsCheckedCopiedAndKeptWhenTheOriginalGoesAway() throws Exception {
        Path ca = SelfSignedCertificates.validCa(tmp, "Office CA");

        cli.ok(profileAdd("secure", SERVER, "pbx.example.com", "--ca-file", ca.toString()));
        Files.delete(ca);

        Result show = cli.ok("profile", "show", "secure", "--json");
        String copied = show.out().replaceAll("(?s).*\"caFile\" : \"([^\"]+)\".*", "$1");
        assertThat(Path.of(copied)).startsWith(cli.userDir.resolve("ca")).exists();
        assertThat(Files.readString(Path.of(copied))).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void anExpiredCaIsRefused() throws Exception {
        Path expired = SelfSignedCertificates.expiredCa(tmp, "Old CA");
        ConfigSnapshot before = cli.snapshot();

        Result result = cli.run(profileAdd("secure", SERVER, "pbx.example.com", "--ca-file", expired.toString()));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err())
                .startsWith("deskphone: --ca-file: certificate 'CN=Old CA' in " + expired + " expired on ");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> refusedCommands() {
        return Stream.of(
                add(
                        "http server",
                        "--server: must be a ws:// or wss:// URI with a host (got 'http://x')",
                        "new",
                        "--server",
                        "http://x",
                        "--domain",
                        "d.example.com"),
                add(
                        "server without host",
                        "--server: must be a ws:// or wss:// URI with a host (got 'wss:///ws')",
                        "new",
                        "--server",
                        "wss:///ws",
                        "--domain",
                        "d.example.com"),
                add(
                        "server not a URI",
                        "--server: must be a ws:// or wss:// URI with a host (got 'wss://a b')",
                        "new",
                        "--server",
                        "wss://a b",
                        "--domain",
                        "d.example.com"),
                add(
                        "server with credentials",
                        "--server: must not contain a user name or password (got 'wss://u:p@h/ws')",
                        "new",
                        "--server",
                        "wss://u:p@h/ws",
                        "--domain",
                        "d.example.com"),
                add("missing server", "Missing required option: '--server=URI'", "new", "--domain", "d.example.com"),
                add(
                        "bad domain",
                        "--domain: must be a host name such as pbx.example.com (got 'not a domain')",
                        "new",
                        "--server",
                        SERVER,
                        "--domain",
                        "not a domain"),
                addNew(
                        "http stun",
                        "--stun: must be a stun: or stuns: URI such as stun:stun.example.com:3478 (got 'http://s')",
                        "--stun",
                        "stun:ok.example.com",
                        "--stun",
                        "http://s"),
                addNew(
                        "stun port out of range",
                        "--stun: must be a stun: or stuns: URI such as stun:stun.example.com:3478"
                                + " (got 'stun:s.example.com:70000')",
                        "--stun",
                        "stun:s.example.com:70000"),
                addNew(
                        "stun URI given as turn",
                        "--turn: must be a turn: or turns: URI such as"
                                + " turn:turn.example.com:3478?transport=udp (got 'stun:t.example.com')",
                        "--turn",
                        "stun:t.example.com",
                        "--turn-username",
                        "u",
                        "--turn-password-file",
                        "@TURNPW"),
                addNew(
                        "turn without user name",
                        "--turn-username: a TURN server needs a user name",
                        "--turn",
                        "turn:t.example.com",
                        "--turn-password-file",
                        "@TURNPW"),
                addNew(
                        "turn without password",
                        "--turn-password-file: a TURN server needs a password",
                        "--turn",
                        "turn:t.example.com",
                        "--turn-username",
                        "u"),
                addNew(
                        "turn user name without turn",
                        "--turn-username: given without a TURN server URI",
                        "--turn-username",
                        "u"),
                addNew(
                        "missing turn password file",
                        "--turn-password-file: no such file: /nonexistent/pw",
                        "--turn",
                        "turn:t.example.com",
                        "--turn-username",
                        "u",
                        "--turn-password-file",
                        "/nonexistent/pw"),
                addNew(
                        "missing CA file",
                        "--ca-file: no such file: /nonexistent/ca.pem",
                        "--ca-file",
                        "/nonexistent/ca.pem"),
                addNew(
                        "CA file that is no certificate",
                        "--ca-file: @NOTCERT is not a PEM file of X.509 certificates",
                        "--ca-file",
                        "@NOTCERT"),
                add(
                        "CA file for ws://",
                        "--ca-file: only applies to wss:// servers (the server is ws://h.example.com)",
                        "new",
                        "--server",
                        "ws://h.example.com",
                        "--domain",
                        "d.example.com",
                        "--ca-file",
                        "@NOTCERT"),
                addNew(
                        "register expiry too short",
                        "--register-expires: must be between 60 and 86400 seconds (got 5)",
                        "--register-expires",
                        "5"),
                addNew(
                        "register expiry not a number",
                        "Invalid value for option '--register-expires': 'soon' is not an int",
                        "--register-expires",
                        "soon"),
                addNew(
                        "ICE timeout out of range",
                        "--ice-timeout-ms: must be between 100 and 30000 milliseconds (got 0)",
                        "--ice-timeout-ms",
                        "0"),
                addNew(
                        "auto-answer too long",
                        "--auto-answer: must be between 0 and 600 seconds (got 601)",
                        "--auto-answer",
                        "601"),
                addNew(
                        "negative auto-answer",
                        "--auto-answer: must be between 0 and 600 seconds (got -1)",
                        "--auto-answer",
                        "-1"),
                addNew(
                        "keep-alive too long",
                        "--keepalive-seconds: must be between 0 and 3600 seconds (got 3601)",
                        "--keepalive-seconds",
                        "3601"),
                addNew(
                        "negative keep-alive",
                        "--keepalive-seconds: must be between 0 and 3600 seconds (got -5)",
                        "--keepalive-seconds",
                        "-5"),
                addNew(
                        "keep-alive not a number",
                        "Invalid value for option '--keepalive-seconds': 'often' is not an int",
                        "--keepalive-seconds",
                        "often"),
                addNew(
                        "unknown ICE policy",
                        "--ice-transport-policy: must be 'all' or 'relay' (got 'relayed')",
                        "--ice-transport-policy",
                        "relayed"),
                addNew(
                        "relay without TURN",
                        "--ice-transport-policy: 'relay' needs a TURN server (--turn): calls could" + " never connect",
                        "--ice-transport-policy",
                        "relay"),
                addNew(
                        "link pattern that is no host or number",
                        "--allow-links: must be a host name (crm.example.com,"
                                + " *.example.com), a number or number prefix (+4930123, +4930*), or * for every link (got"
                                + " 'https://crm.example.com')",
                        "--allow-links",
                        "crm.example.com",
                        "--allow-links",
                        "https://crm.example.com"),
                addNew(
                        "wildcard inside a number",
                        "--allow-links: must be a host name (crm.example.com, *.example.com), a"
                                + " number or number prefix (+4930123, +4930*), or * for every link (got '+49*30')",
                        "--allow-links",
                        "+49*30"),
                addNew(
                        "a refusal that is not 486, 480 or 603",
                        "--dnd-response: must be 486 (Busy Here), 480 (Temporarily Unavailable) or 603 (Decline)"
                                + " (got '404')",
                        "--dnd-response",
                        "404"),
                addNew(
                        "ringing during wrap-up neither on nor off",
                        "--ring-during-wrapup: must be 'on' or 'off' (got 'yes')",
                        "--ring-during-wrapup",
                        "yes"),
                addNew(
                        "unknown REFER policy",
                        "--refer: must be 'accept' or 'refuse' (got 'follow')",
                        "--refer",
                        "follow"),
                add(
                        "bad name",
                        "NAME: must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
                                + " (got 'my office')",
                        "my office",
                        "--server",
                        SERVER,
                        "--domain",
                        "d.example.com"),
                add(
                        "duplicate name",
                        "NAME: profile 'office' already exists (replace it, or remove it first)",
                        "office",
                        "--server",
                        SERVER,
                        "--domain",
                        "d.example.com"),
                add(
                        "shadowing a locked profile",
                        "NAME: profile 'hq' is locked: the administrator set it in @SYSTEM",
                        "hq",
                        "--server",
                        SERVER,
                        "--domain",
                        "d.example.com",
                        "--replace"),
                addNew(
                        "default over the administrator's",
                        "--default: the administrator made 'hq' the default profile" + " in @SYSTEM; it is locked",
                        "--default"),
                add(
                        "mistyped flag",
                        "Unknown options: '--sever', '" + SERVER + "' (did you mean --server?)",
                        "new",
                        "--sever",
                        SERVER,
                        "--domain",
                        "d.example.com"),
                cmd(
                        "removing a locked profile",
                        "NAME: profile 'hq' is locked: the administrator set it in @SYSTEM",
                        "profile",
                        "remove",
                        "hq"),
                cmd(
                        "removing an unknown profile",
                        "NAME: no profile 'nope' (profiles: hq, office)",
                        "profile",
                        "remove",
                        "nope"),
                cmd(
                        "removing a user profile from the system dir",
                        "NAME: no profile 'office' in @SYSTEM",
                        "profile",
                        "remove",
                        "office",
                        "--system"),
                cmd(
                        "showing an unknown profile",
                        "NAME: no profile 'nope' (profiles: hq, office)",
                        "profile",
                        "show",
                        "nope"),
                cmd(
                        "missing subcommand",
                        "profile: missing subcommand (add, list, show or remove;" + " see 'deskphone profile --help')",
                        "profile"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCommands")
    void aRefusedCommandNamesTheFlagAndChangesNothing(String description, String expectedError, List<String> args) {
        ConfigSnapshot before = cli.snapshot();

        Result result = cli.run(args.stream().map(this::placeholders).toArray(String[]::new));

        assertThat(result.exitCode()).as(description).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines().findFirst())
                .as(description)
                .hasValue("deskphone: " + placeholders(expectedError));
        assertThat(result.err().lines().count()).as("one line").isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(cli.snapshot()).as("stored configuration").isEqualTo(before);
    }

    /** The user's {@code deskphone.json} as stored. */
    private String storedUserConfig() throws Exception {
        return Files.readString(cli.userDir.resolve("deskphone.json"));
    }

    /** Adds fields to the stored profile 'office' the way a hand edit would; returns the file. */
    private Path handEditOffice(String fields) throws Exception {
        Path file = cli.userDir.resolve("deskphone.json");
        Files.writeString(
                file,
                Files.readString(file).replace("\"name\" : \"office\",", "\"name\" : \"office\", " + fields + ","));
        return file;
    }

    private String placeholders(String text) {
        return text.replace("@TURNPW", turnPassword.toString())
                .replace("@NOTCERT", notACertificate.toString())
                .replace("@SYSTEM", cli.systemDir.toString());
    }

    private static Arguments add(String description, String expectedError, String... args) {
        List<String> all = new ArrayList<>(List.of("profile", "add"));
        all.addAll(List.of(args));
        return Arguments.of(description, expectedError, all);
    }

    /** A {@code profile add} of a new profile on {@link #SERVER}, with the flags that make it refused. */
    private static Arguments addNew(String description, String expectedError, String... flags) {
        return cmd(description, expectedError, profileAdd("new", SERVER, "d.example.com", flags));
    }

    private static Arguments cmd(String description, String expectedError, String... args) {
        return Arguments.of(description, expectedError, List.of(args));
    }
}
