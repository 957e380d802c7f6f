package dev.deskphone.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/** The PBX's subscribers as the tests number them, and how an app gets one as its account. */
public final class PbxAccounts {
    private PbxAccounts() {}

    /** Extensions 1001, 1002, … with their passwords, in order. */
    public static Map<String, String> subscribers(int count) {
        Map<String, String> users = new LinkedHashMap<>();
        IntStream.rangeClosed(1, count)
                .forEach(i -> users.put(Integer.toString(1000 + i), "secret-" + (1000 + i) + "-pw"));
        return users;
    }

    /** Adds the extension to the app's profile {@code pbx} through the CLI, the password from a file. */
    public static void addAccount(DeskphoneProcess app, String extension, String password) throws Exception {
        Path passwordFile = Files.createTempFile(app.configDir().getParent(), "pw-" + extension, ".txt");
        Files.writeString(passwordFile, password + "\n");
        app.cliOk(
                "account",
                "add",
                "--profile",
                "pbx",
                "--extension",
                extension,
                "--display-name",
                "Agent " + extension,
                "--password-file",
                passwordFile.toString());
        Files.delete(passwordFile);
    }

    /** Whether the status shows exactly {@code count} accounts, all in {@code state}. */
    public static boolean allIn(JsonNode status, String state, int count) {
        Map<String, String> states = DeskphoneProcess.states(status);
        return states.size() == count && states.values().stream().allMatch(state::equals);
    }
}
