package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.ConfigSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code deskphone provision apply}: one file for profiles, accounts and launch settings, applied idempotently. */
class ProvisionCommandTest {
    @TempDir
    Path root;

    private CliRunner cli;
    private Path token;
    private Path alicePassword;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRunner(root);
        cli.env.put("XDG_CONFIG_HOME", root.resolve("xdg").toString());
        cli.env.put("XDG_CONFIG_DIRS", root.resolve("etc-xdg").toString());
        token = Files.writeString(root.resolve("backend.token"), "dp_abc123\n");
        alicePassword = Files.writeString(root.resolve("alice.pw"), "alice-secret\n");
    }

    @Test
    void theAdministratorsFileAndTheAgentsFileApplyOnceThenChangeNothing() throws Exception {
        Path fleet = Files.writeString(root.resolve("fleet.yaml"), """
                version: 1
                profiles:
                  - name: office
                    server: wss://pbx.example.com:8089/ws
                    domain: pbx.example.com
                    stun: [stun:stun.example.com:3478]
                    disposition: [Sale, No sale]
                    default: true
                settings:
                  backend: https://crm.example.com
                  backend-token-file: %s
                  wrapup-seconds: 45
                  autostart: on
                """.formatted(token));
        Path agent = Files.writeString(root.resolve("alice.json"), """
                {"version": 1, "accounts": [{"profile": "office", "extension": 1001, "display-name": "Alice",
                  "password-file": "%s"}], "settings": {"log-level": "info"}}
                """.formatted(alicePassword));

        assertThat(cli.ok("provision", "apply", "--system", fleet.toString()).out())
                .isEqualTo("""
                profile office: added
                settings backend, backend-token-file, wrapup-seconds, autostart: changed
                """);
        assertThat(root.resolve("etc-xdg/autostart/dev.deskphone.Deskphone.desktop"))
                .as("YAML's bare on")
                .exists();
        assertThat(cli.ok("provision", "apply", agent.toString()).out()).isEqualTo("""
                account office/1001: added
                settings log-level: changed
                """);
        assertThat(cli.ok("profile", "list").out()).containsPattern("office .* yes +yes +1");
        assertThat(cli.ok("settings", "show").out()).containsPattern("wrapup-seconds +45 +system +yes");

        ConfigSnapshot applied = cli.snapshot();
        assertThat(cli.ok("provision", "apply", "--system", fleet.toString()).out())
                .isEqualTo("""
                profile office: unchanged
                setting backend: unchanged
                setting backend-token-file: unchanged
                setting wrapup-seconds: unchanged
                setting autostart: unchanged
                """);
        assertThat(cli.ok("provision", "apply", agent.toString()).out())
                .isEqualTo("account office/1001: unchanged\nsetting log-level: unchanged\n");
        assertThat(cli.snapshot()).as("nothing rewritten").isEqualTo(applied);

        // A new password: dry-run says so and writes nothing; apply changes it.
        Files.writeString(alicePassword, "new-secret\n");
        assertThat(cli.ok("provision", "apply", "--dry-run", agent.toString()).out())
                .startsWith("account office/1001: would change\n");
        assertThat(cli.snapshot()).isEqualTo(applied);
        assertThat(cli.ok("provision", "apply", agent.toString()).out()).startsWith("account office/1001: changed\n");
        assertThat(Files.readString(cli.userDir.resolve("secrets.json"))).contains("new-secret");
        assertThat(cli.ok("account", "list").out().lines().filter(l -> l.startsWith("office")))
                .as("replaced, not added twice")
                .containsExactly("office   1001       Alice         1001           stored");
    }

    @Test
    void everyProfileAddFlagIsAKeyOfTheFile() {
        Set<String> flags = new CommandLine(new ProfileAddCommand())
                .getCommandSpec().options().stream()
                        .map(o -> o.longestName().substring(2))
                        .filter(name ->
                                !Set.of("replace", "system", "help", "version").contains(name))
                        .collect(Collectors.toSet());
        flags.add("name");
        assertThat(ProvisionFile.PROFILE_FIELDS).containsExactlyInAnyOrderElementsOf(flags);
    }

    @Test
    void callHandlingFlagsApplyAsWrittenIncludingYamlsBareOnOff() throws Exception {
        Path fleet = Files.writeString(root.resolve("fleet.yaml"), """
                version: 1
                profiles:
                  - name: intercom
                    server: wss://pbx.example.com:8089/ws
                    domain: pbx.example.com
                    dnd-response: 603
                    ring-during-wrapup: on
                    header-auto-answer: on
                """);
        assertThat(cli.ok("provision", "apply", fleet.toString()).out()).isEqualTo("profile intercom: added\n");
        String stored = Files.readString(cli.userDir.resolve("deskphone.json"));
        assertThat(stored)
                .contains("\"dndResponse\" : 603")
                .contains("\"ringDuringWrapUp\" : \"on\"")
                .contains("\"headerAutoAnswer\" : true");
        assertThat(cli.ok("provision", "apply", fleet.toString()).out()).isEqualTo("profile intercom: unchanged\n");

        Files.writeString(fleet, Files.readString(fleet).replace("dnd-response: 603", "dnd-response: 404"));
        assertThat(cli.run("provision", "apply", fleet.toString()).err())
                .startsWith("deskphone: " + fleet + ": profiles[0] (intercom): --dnd-response: ");
    }

    @Test
    void aRefusedEntryNamesTheFileTheEntryAndTheFlagAndNothingIsWritten() throws Exception {
        ConfigSnapshot before = cli.snapshot();
        Path bad = Files.writeString(root.resolve("bad.yaml"), """
                version: 1
                profiles:
                  - {name: good, server: "wss://pbx.example.com/ws", domain: pbx.example.com}
                  - {name: office, server: "https://pbx.example.com", domain: pbx.example.com}
                """);
        CliRunner.Result result = cli.run("provision", "apply", bad.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("deskphone: " + bad + ": profiles[1] (office): --server: ");
        assertThat(cli.snapshot()).isEqualTo(before);

        Files.writeString(bad, "version: 1\nprofiles:\n  - {name: x, server-url: wss://a}\n");
        assertThat(cli.run("provision", "apply", bad.toString()).err())
                .startsWith("deskphone: " + bad + ": profiles[0]: unknown field \"server-url\" (fields: ");
        Files.writeString(bad, "version: 1\nsettings: {outbox-capacity: 5}\n");
        assertThat(cli.run("provision", "apply", bad.toString()).err())
                .isEqualTo("deskphone: " + bad
                        + ": settings: --outbox-capacity must be between 100 and 10000000, got 5\n");
        Files.writeString(
                bad,
                "version: 1\naccounts:\n  - {profile: nope, extension: 1, password-file: " + alicePassword + "}\n");
        assertThat(cli.run("provision", "apply", bad.toString()).err())
                .contains("accounts[0] (nope/1): no profile 'nope'");
        assertThat(cli.run("provision", "apply", "--system", bad.toString()).err())
                .contains("accounts are each agent's own");
        Files.writeString(bad, "profiles: [");
        assertThat(cli.run("provision", "apply", bad.toString()).err())
                .startsWith("deskphone: FILE: " + bad + " is not valid YAML or JSON");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void aLockedSettingInAnAgentsFileIsRefusedBeforeAnythingIsWritten() throws Exception {
        cli.ok("settings", "set", "--system", "--wrapup-seconds", "30");
        ConfigSnapshot before = cli.snapshot();
        Path file = Files.writeString(root.resolve("agent.yaml"), """
                version: 1
                profiles: [{name: mine, server: "wss://pbx.example.com/ws", domain: pbx.example.com}]
                settings: {wrapup-seconds: 10}
                """);
        CliRunner.Result result = cli.run("provision", "apply", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("settings: setting 'wrapup-seconds' is locked: the administrator set it");
        assertThat(cli.snapshot()).isEqualTo(before);
    }
}
