package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.cli.CliRunner.Result;
import dev.deskphone.testsupport.ConfigSnapshot;
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

class AccountCommandsTest {
    @TempDir
    Path tmp;

    private CliRunner cli;
    private Path passwordFile;
    private Path emptyFile;

    @BeforeEach
    void existingConfiguration() throws Exception {
        cli = new CliRunner(tmp);
        passwordFile = Files.writeString(tmp.resolve("sip.pw"), "file-secret\n");
        emptyFile = Files.writeString(tmp.resolve("empty.pw"), "\n");
        cli.ok("profile", "add", "office", "--server", "wss://pbx.example.com/ws", "--domain", "pbx.example.com");
        cli.ok("profile", "add", "hq", "--server", "wss://hq.example.com/ws", "--domain", "hq.example.com", "--system");
        cli.ok(
                "account",
                "add",
                "--profile",
                "office",
                "--extension",
                "100",
                "--display-name",
                "Alice Agent",
                "--password-file",
                passwordFile.toString());
    }

    @Test
    void passwordsComeFromAFileThePromptOrTheEnvironmentAndAreStoredPrivately() throws Exception {
        cli.typedPasswords.addAll(List.of("typed-secret", "typed-secret"));
        cli.ok("account", "add", "--profile", "office", "--extension", "101", "--password");
        cli.env.put("DESKPHONE_SIP_PASSWORD", "env-secret");
        cli.ok("account", "add", "--profile", "hq", "--extension", "200", "--auth-username", "hq-200");

        Path secrets = cli.userDir.resolve("secrets.json");
        assertThat(Files.readString(secrets))
                .contains(
                        "\"office/100\" : \"file-secret\"",
                        "\"office/101\" : \"typed-secret\"",
                        "\"hq/200\" : \"env-secret\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.userDir)))
                .isEqualTo("rwx------");
        assertThat(Files.readString(cli.userDir.resolve("deskphone.json"))).doesNotContain("secret");
    }

    @Test
    void listShowsAccountsButNeverPasswords() {
        cli.env.put("DESKPHONE_SIP_PASSWORD", "env-secret");
        cli.ok("account", "add", "--profile", "hq", "--extension", "200", "--auth-username", "hq-200");

        Result table = cli.ok("account", "list");
        Result json = cli.ok("account", "list", "--json");

        assertThat(table.out().lines().toList())
                .containsExactly(
                        "PROFILE  EXTENSION  DISPLAY NAME  AUTH USERNAME  PASSWORD",
                        "office   100        Alice Agent   100            stored",
                        "hq       200        200           hq-200         stored");
        assertThat(json.out())
                .contains("\"id\" : \"hq/200\"", "\"authUsername\" : \"hq-200\"", "\"passwordStored\" : true");
        assertThat(table.out() + json.out()).doesNotContain("file-secret", "env-secret");
    }

    @Test
    void removeDeletesTheAccountAndItsPassword() throws Exception {
        Result removed = cli.ok("account", "remove", "--profile", "office", "--extension", "100");

        assertThat(removed.out()).isEqualTo("Removed account office/100\n");
        assertThat(Files.readString(cli.userDir.resolve("secrets.json"))).doesNotContain("file-secret");
        assertThat(cli.ok("account", "list").out()).startsWith("No accounts yet.");
    }

    @Test
    void theSeventhAccountIsRefused() {
        cli.env.put("DESKPHONE_SIP_PASSWORD", "env-secret");
        for (int extension = 101; extension <= 105; extension++) {
            cli.ok("account", "add", "--profile", "office", "--extension", String.valueOf(extension));
        }
        ConfigSnapshot before = cli.snapshot();

        Result seventh = cli.run("account", "add", "--profile", "hq", "--extension", "200");

        assertThat(seventh.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(seventh.err())
                .isEqualTo(
                        "deskphone: at most 6 accounts can be configured, and there are 6"
                                + " (office/100, office/101, office/102, office/103, office/104, office/105): remove one first\n");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void aPasswordGivenOnTheCommandLineIsRefusedWithoutEchoingIt() {
        ConfigSnapshot before = cli.snapshot();

        Result attached = cli.run("account", "add", "--profile", "office", "--extension", "101", "--password=hunter2");
        Result separate =
                cli.run("account", "add", "--profile", "office", "--extension", "101", "--password", "hunter2");

        for (Result result : List.of(attached, separate)) {
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).isEqualTo("deskphone: " + ErrorHandler.PASSWORD_TAKES_NO_VALUE + "\n");
            assertThat(result.err() + result.out()).doesNotContain("hunter2");
        }
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> refusedCommands() {
        return Stream.of(
                add(
                        "no password",
                        "no password: use --password-file, --password, or DESKPHONE_SIP_PASSWORD",
                        "--profile",
                        "office",
                        "--extension",
                        "101"),
                add(
                        "duplicate extension",
                        "--extension: account office/100 already exists",
                        "--profile",
                        "office",
                        "--extension",
                        "100",
                        "--password-file",
                        "@PW"),
                add(
                        "unknown profile",
                        "--profile: no profile 'nope' (profiles: hq, office)",
                        "--profile",
                        "nope",
                        "--extension",
                        "101",
                        "--password-file",
                        "@PW"),
                add(
                        "bad extension",
                        "--extension: must be 1 to 64 letters, digits, '.', '_', '+' or '-' (got '1 01')",
                        "--profile",
                        "office",
                        "--extension",
                        "1 01",
                        "--password-file",
                        "@PW"),
                add(
                        "display name with a line break",
                        "--display-name: must not contain control characters",
                        "--profile",
                        "office",
                        "--extension",
                        "101",
                        "--display-name",
                        "A\nB",
                        "--password-file",
                        "@PW"),
                add(
                        "auth user name with a space",
                        "--auth-username: must not contain spaces or control characters",
                        "--profile",
                        "office",
                        "--extension",
                        "101",
                        "--auth-username",
                        "a b",
                        "--password-file",
                        "@PW"),
                add(
                        "missing password file",
                        "--password-file: no such file: /nonexistent/pw",
                        "--profile",
                        "office",
                        "--extension",
                        "101",
                        "--password-file",
                        "/nonexistent/pw"),
                add(
                        "empty password file",
                        "--password-file: @EMPTY is empty",
                        "--profile",
                        "office",
                        "--extension",
                        "101",
                        "--password-file",
                        "@EMPTY"),
                add(
                        "two password sources",
                        "Error: --password-file=FILE, --password are mutually exclusive" + " (specify only one)",
                        "--profile",
                        "office",
                        "--extension",
                        "101",
                        "--password-file",
                        "@PW",
                        "--password"),
                add(
                        "prompt without a terminal",
                        "--password: no terminal to ask for the password on;"
                                + " use --password-file or DESKPHONE_SIP_PASSWORD",
                        "--profile",
                        "office",
                        "--extension",
                        "101",
                        "--password"),
                add(
                        "missing extension",
                        "Missing required option: '--extension=EXT'",
                        "--profile",
                        "office",
                        "--password-file",
                        "@PW"),
                cmd(
                        "removing an unknown account",
                        "--extension: no account office/999 (accounts of 'office': 100)",
                        "account",
                        "remove",
                        "--profile",
                        "office",
                        "--extension",
                        "999"),
                cmd(
                        "removing from an unknown profile",
                        "--profile: no profile 'nope' (profiles: hq, office)",
                        "account",
                        "remove",
                        "--profile",
                        "nope",
                        "--extension",
                        "100"),
                cmd(
                        "missing subcommand",
                        "account: missing subcommand (add, list or remove;" + " see 'deskphone account --help')",
                        "account"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCommands")
    void aRefusedCommandNamesTheFlagAndChangesNothing(String description, String expectedError, List<String> args) {
        ConfigSnapshot before = cli.snapshot();

        Result result = cli.run(args.stream().map(this::placeholders).toArray(String[]::new));

        assertThat(result.exitCode()).as(description).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(description).isEqualTo("deskphone: " + placeholders(expectedError) + "\n");
        assertThat(result.out()).isEmpty();
        assertThat(cli.snapshot()).as("stored configuration").isEqualTo(before);
    }

    @Test
    void twoDifferentTypedPasswordsAreRefused() {
        ConfigSnapshot before = cli.snapshot();
        cli.typedPasswords.addAll(List.of("one", "two"));

        Result result = cli.run("account", "add", "--profile", "office", "--extension", "101", "--password");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("deskphone: --password: the two passwords typed differ\n");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    private String placeholders(String text) {
        return text.replace("@PW", passwordFile.toString()).replace("@EMPTY", emptyFile.toString());
    }

    private static Arguments add(String description, String expectedError, String... args) {
        List<String> all = new ArrayList<>(List.of("account", "add"));
        all.addAll(List.of(args));
        return Arguments.of(description, expectedError, all);
    }

    private static Arguments cmd(String description, String expectedError, String... args) {
        return Arguments.of(description, expectedError, List.of(args));
    }
}
