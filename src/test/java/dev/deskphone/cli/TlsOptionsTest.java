package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.SelfSignedCertificates;
import dev.deskphone.testsupport.TestCertificates;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS flags: the server's {@code --tls-cert}/{@code --tls-key} and the app's {@code --backend-ca-file}. */
class TlsOptionsTest {
    @TempDir
    Path root;

    private CliRunner cli;
    private TestCertificates pki;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliRunner(root);
        cli.env.put("XDG_DATA_HOME", root.resolve("data").toString());
        pki = TestCertificates.create(root.resolve("pki"));
    }

    @Test
    void theServerRefusesAKeyThatIsNotTheCertificatesNamingTheFlag() throws Exception {
        TestCertificates other = TestCertificates.create(root.resolve("other"));
        CliRunner.Result result = cli.run(
                "server",
                "--port",
                "0",
                "--tls-cert",
                pki.serverChain().toString(),
                "--tls-key",
                other.serverKey().toString());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err())
                .startsWith("deskphone: --tls-key: the private key in " + other.serverKey()
                        + " does not belong to the certificate in " + pki.serverChain());
    }

    @Test
    void badTlsFilesOrHalfThePairAreUsageErrorsNamingTheFlag() {
        Path missing = root.resolve("missing.pem");
        String[][] cases = {
            {"--tls-cert", pki.serverChain().toString(), "--tls-cert needs --tls-key"},
            {"--tls-key", pki.serverKey().toString(), "--tls-key needs --tls-cert"},
            {
                "--tls-cert",
                missing.toString(),
                "--tls-key",
                pki.serverKey().toString(),
                "--tls-cert: no such file: " + missing
            },
            {
                "--tls-cert",
                pki.serverKey().toString(),
                "--tls-key",
                pki.serverKey().toString(),
                "--tls-cert: " + pki.serverKey() + " is not a PEM file of X.509 certificates"
            },
            {
                "--tls-cert",
                pki.serverChain().toString(),
                "--tls-key",
                pki.caCert().toString(),
                "--tls-key: "
            },
        };
        for (String[] c : cases) {
            String[] args = concat(new String[] {"server", "--port", "0"}, Arrays.copyOf(c, c.length - 1));
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).as(String.join(" ", args)).startsWith("deskphone: " + c[c.length - 1]);
            assertThat(result.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void plainHttpOffLoopbackWarnsAndHttpsDoesNot() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            String port = Integer.toString(taken.getLocalPort());

            CliRunner.Result plain = cli.run("server", "--bind", "0.0.0.0", "--port", port);
            assertThat(plain.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE); // the port is taken: it stops right after
            assertThat(plain.err().lines()).hasSize(2);
            assertThat(plain.err().lines().findFirst().orElseThrow())
                    .isEqualTo(
                            "deskphone: server: warning: plain HTTP on 0.0.0.0 sends tokens and call data unencrypted;"
                                    + " use --tls-cert/--tls-key, or keep plain HTTP for loopback or behind a TLS-terminating proxy");

            CliRunner.Result https = cli.run(
                    "server",
                    "--bind",
                    "0.0.0.0",
                    "--port",
                    port,
                    "--tls-cert",
                    pki.serverChain().toString(),
                    "--tls-key",
                    pki.serverKey().toString());
            assertThat(https.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(https.err().lines()).hasSize(1);
            assertThat(https.err()).startsWith("deskphone: server: cannot start the backend on 0.0.0.0:" + port);
        }
    }

    @Test
    void theBackendCaFileIsCheckedAtLaunchNamingTheFlag() throws Exception {
        Path token = Files.writeString(root.resolve("token"), "dp_abc123\n");
        Path expired = SelfSignedCertificates.expiredCa(Files.createDirectories(root.resolve("old")), "Old CA");
        Path missing = root.resolve("missing.pem");
        String https = "https://crm.example.com";
        String[][] cases = {
            {"--backend-ca-file", pki.caCert().toString(), "--backend-ca-file needs --backend"},
            {
                "--backend",
                "http://crm.example.com",
                "--backend-token-file",
                token.toString(),
                "--backend-ca-file",
                pki.caCert().toString(),
                "--backend-ca-file is for an https:// --backend"
            },
            {
                "--backend",
                https,
                "--backend-token-file",
                token.toString(),
                "--backend-ca-file",
                missing.toString(),
                "--backend-ca-file: no such file: " + missing
            },
            {
                "--backend",
                https,
                "--backend-token-file",
                token.toString(),
                "--backend-ca-file",
                token.toString(),
                "--backend-ca-file: " + token
            },
            {
                "--backend",
                https,
                "--backend-token-file",
                token.toString(),
                "--backend-ca-file",
                expired.toString(),
                "--backend-ca-file: certificate 'CN=Old CA' in " + expired + " expired on"
            },
        };
        for (String[] c : cases) {
            String[] args = Arrays.copyOf(c, c.length - 1);
            CliRunner.Result result = cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).as(String.join(" ", args)).startsWith("deskphone: " + c[c.length - 1]);
            assertThat(result.err().strip().lines()).hasSize(1);
        }
        // A good CA file passes; without a display the launch stops at the display check.
        CliRunner.Result good = cli.run(
                "--backend",
                https,
                "--backend-token-file",
                token.toString(),
                "--backend-ca-file",
                pki.caCert().toString());
        assertThat(good.exitCode()).as(good.err()).isEqualTo(ExitCodes.NO_DISPLAY);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
