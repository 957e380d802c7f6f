package dev.deskphone.it;

import static dev.deskphone.it.AccountRegistrationIT.addAccount;
import static dev.deskphone.it.AccountRegistrationIT.subscribers;
import static dev.deskphone.testsupport.DeskphoneProcess.occurrences;
import static dev.deskphone.testsupport.DeskphoneProcess.states;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss:// to a PBX whose certificate comes from a private CA and names only "localhost": the app
 * registers only when the admin gave the CA (--ca-file) AND the server URL names the certificate's
 * host. The WebView's own WebSocket would accept the wrong host name; TlsTrust closes that gap.
 */
class SecureWebSocketIT {
    @TempDir
    Path tmp;

    @Test
    void registersOnlyWithTheProfileCaAndTheRightHostName() throws Exception {
        TestCertificates certificates = TestCertificates.create(tmp.resolve("certs"));
        Map<String, String> users = subscribers(3);
        try (Kamailio pbx = Kamailio.withTls(tmp.resolve("pbx"), users, certificates);
                DeskphoneProcess agent = new DeskphoneProcess(tmp.resolve("agent"));
                DeskphoneProcess untrusting = new DeskphoneProcess(tmp.resolve("untrusting"))) {
            String ca = certificates.caCert().toString();
            agent.cliOk(
                    "profile",
                    "add",
                    "pbx",
                    "--server",
                    pbx.wssUrl("localhost"),
                    "--domain",
                    Kamailio.DOMAIN,
                    "--ca-file",
                    ca,
                    "--default");
            addAccount(agent, "1001", users.get("1001"));
            agent.cliOk(
                    "profile",
                    "add",
                    "byaddress",
                    "--server",
                    pbx.wssUrl("127.0.0.1"),
                    "--domain",
                    Kamailio.DOMAIN,
                    "--ca-file",
                    ca);
            addAccountTo(agent, "byaddress", "1002", users.get("1002"));
            // The same server, but this agent's admin did not give the private CA.
            untrusting.cliOk(
                    "profile",
                    "add",
                    "pbx",
                    "--server",
                    pbx.wssUrl("localhost"),
                    "--domain",
                    Kamailio.DOMAIN,
                    "--default");
            addAccount(untrusting, "1003", users.get("1003"));

            agent.start();
            untrusting.start();
            agent.awaitStatus(
                    "pbx/1001 registered over wss",
                    Duration.ofSeconds(30),
                    s -> "registered".equals(states(s).get("pbx/1001")));
            untrusting.awaitStatus(
                    "pbx/1003 reported", Duration.ofSeconds(30), s -> states(s).containsKey("pbx/1003"));
            // The refused connections were tried, and retried, and refused for the TLS reason each case is about:
            // the certificate does not name 127.0.0.1; the PBX's CA is not one this agent trusts.
            String wrongName = "to " + pbx.wssUrl("127.0.0.1")
                    + " failed to open: No subject alternative names matching IP address 127.0.0.1";
            agent.awaitLog(
                    "the wss:// connection by address refused twice for the host name",
                    Duration.ofSeconds(30),
                    log -> occurrences(log, wrongName) >= 2);
            String untrusted =
                    "to " + pbx.wssUrl("localhost") + " failed to open: unable to find valid certification path";
            untrusting.awaitLog(
                    "the wss:// connection refused twice for the untrusted CA",
                    Duration.ofSeconds(30),
                    log -> occurrences(log, untrusted) >= 2);

            assertThat(states(agent.status().orElseThrow()).get("byaddress/1002"))
                    .isNotEqualTo("registered");
            assertThat(states(untrusting.status().orElseThrow()).get("pbx/1003"))
                    .isNotEqualTo("registered");
            assertThat(pbx.registeredExtensions()).containsExactly("1001");
            assertThat(Files.readString(agent.log()))
                    .as("the CA the admin gave is trusted for its server")
                    .doesNotContain("to " + pbx.wssUrl("localhost") + " failed to open");
        }
    }

    private static void addAccountTo(DeskphoneProcess app, String profile, String extension, String password)
            throws Exception {
        Path passwordFile = app.configDir().getParent().resolve("pw-" + extension);
        java.nio.file.Files.writeString(passwordFile, password);
        app.cliOk(
                "account",
                "add",
                "--profile",
                profile,
                "--extension",
                extension,
                "--password-file",
                passwordFile.toString());
    }
}
