package dev.deskphone.cli;

import dev.deskphone.platform.StopSignals;
import dev.deskphone.server.BackendConfig;
import dev.deskphone.server.BackendServer;
import dev.deskphone.server.ServerTls;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskphone server}: runs the backend until SIGTERM or Ctrl-C, then stops gracefully. */
@Command(
        name = "server",
        subcommands = {TokenCommand.class, ServerMigrateCommand.class, ServerBackupCommand.class},
        description = "Run the backend that receives call events (/internal/calls), with its report page (/report), "
                + "/health and /metrics. Clients need a token: see 'deskphone server token create'.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":stopped normally (SIGTERM or Ctrl-C)",
            ExitCodes.USAGE + ":bad command line: unknown or missing flag, or a value refused",
            ExitCodes.UNAVAILABLE + ":the server could not start: database unreachable or port in use"
        })
final class ServerCommand implements Callable<Integer>, CommandRoot {
    /** The shortest /metrics secret accepted: 16 characters of a hex or base64 secret are 64 bits or more. */
    static final int MIN_METRICS_TOKEN = 16;

    /** Set when this is the top command ({@code deskphone-server}); as {@code deskphone server} the root has it. */
    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    ServerCommand() {
        this(null);
    }

    /** The top command of the server-only distribution ({@link ServerMain}). */
    ServerCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = BackendConfig.LOOPBACK,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    private String bind;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + BackendConfig.DEFAULT_PORT,
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    private int port;

    @Mixin
    private BackendDatabaseOptions database;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "Serve HTTPS with this PEM certificate chain (server certificate first, e.g. Let's Encrypt's"
                    + " fullchain.pem). Needs --tls-key.")
    private Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            description = "The certificate's PEM private key (PKCS#8, RSA or EC; not encrypted). Needs --tls-cert.")
    private Path tlsKey;

    @Option(
            names = "--metrics-token-file",
            paramLabel = "FILE",
            description = "File holding a secret (one line, at least " + MIN_METRICS_TOKEN + " characters) that "
                    + "scrapers must send as 'Authorization: Bearer' to read /metrics. Default: /metrics is open.")
    private Path metricsTokenFile;

    @Option(
            names = "--retain-days",
            paramLabel = "N",
            description = "Delete calls started more than N days ago (1 to " + BackendConfig.MAX_RETAIN_DAYS
                    + "), at start and then daily. Default: keep every call.")
    private Integer retainDays;

    @Override
    public Integer call() throws InterruptedException {
        BackendConfig config = config();
        warnIfPlainHttpLeavesTheMachine(config);
        BackendServer server;
        try {
            server = BackendServer.start(config);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("deskphone: server: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        // SIGTERM (systemd, a container runtime, kill) and SIGINT (Ctrl-C) are this command's normal end:
        // handled, the server closes gracefully and the command exits 0; left to the JVM, the process
        // would end with 128 + the signal (143 for SIGTERM), which systemd and container runtimes count
        // as a failure. A second signal while closing ends at once.
        StopSignals.install(List.of("TERM", "INT"), "stopping", stopRequested::countDown, StopSignals.Again.HALT);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Deskphone backend listening on " + server.baseUrl());
        out.flush();
        stopRequested.await();
        server.close();
        return ExitCodes.OK;
    }

    @Override
    public CliEnvironment environment() {
        CommandRoot root = CommandRoot.of(spec);
        return root == this ? environment : root.environment();
    }

    private BackendConfig config() {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535, got " + port);
        }
        if (bind.isBlank()) {
            throw new UsageException("--bind must be an address, e.g. 127.0.0.1");
        }
        if (retainDays != null && (retainDays < 1 || retainDays > BackendConfig.MAX_RETAIN_DAYS)) {
            throw new UsageException(
                    "--retain-days must be between 1 and " + BackendConfig.MAX_RETAIN_DAYS + ", got " + retainDays);
        }
        CommandRoot root = CommandRoot.of(spec);
        BackendConfig config;
        try {
            config = new BackendConfig(bind, port, database.jdbcUrl(root), database.dataDir(root));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--db: " + e.getMessage());
        }
        BackendConfig configured = config.withDbPassword(database.password(root))
                .withMetricsToken(metricsTokenFile == null ? null : metricsToken(metricsTokenFile))
                .withRetainDays(retainDays == null ? 0 : retainDays);
        return tls(tlsCert, tlsKey).map(configured::withTls).orElse(configured);
    }

    /** One line of visible ASCII, long enough not to be guessed: what a Prometheus bearer_token_file holds. */
    private static String metricsToken(Path file) {
        String token = new String(SecretInput.readFile(file, "--metrics-token-file")).strip();
        if (token.lines().count() > 1 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new UsageException("--metrics-token-file: " + file + " must hold one line of visible ASCII");
        }
        if (token.length() < MIN_METRICS_TOKEN) {
            throw new UsageException("--metrics-token-file: the secret in " + file + " is shorter than "
                    + MIN_METRICS_TOKEN + " characters; make one with 'openssl rand -hex 32'");
        }
        return token;
    }

    /** The checked {@code --tls-cert}/{@code --tls-key} pair: both or neither; a bad file is a usage error naming its flag. */
    static Optional<ServerTls> tls(Path certificate, Path key) {
        if (certificate == null && key == null) {
            return Optional.empty();
        }
        if (key == null) {
            throw new UsageException("--tls-cert needs --tls-key FILE: the certificate's private key");
        }
        if (certificate == null) {
            throw new UsageException("--tls-key needs --tls-cert FILE: the certificate chain it belongs to");
        }
        try {
            return Optional.of(ServerTls.load(certificate, key, Instant.now()));
        } catch (ServerTls.InvalidFileException e) {
            String flag = e.part() == ServerTls.Part.CERTIFICATE ? "--tls-cert" : "--tls-key";
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    /**
     * Bearer tokens and call data cross the network in clear text over plain HTTP: fine on loopback
     * or behind a proxy that terminates TLS on the same host, a risk anywhere else.
     */
    private void warnIfPlainHttpLeavesTheMachine(BackendConfig config) {
        if (config.tls().isPresent() || isLoopback(config.bindAddress())) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("deskphone: server: warning: plain HTTP on " + config.bindAddress() + " sends tokens and call data"
                + " unencrypted; use --tls-cert/--tls-key, or keep plain HTTP for loopback or behind a TLS-terminating"
                + " proxy");
        err.flush();
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // the start will report it
        }
    }
}
