package dev.deskphone.cli;

import dev.deskphone.server.BackendConfig;
import dev.deskphone.server.BackendServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deskphone server}: runs the backend until SIGTERM or Ctrl-C, then stops gracefully. */
@Command(name = "server", mixinStandardHelpOptions = true, subcommands = TokenCommand.class,
        description = "Run the backend that receives call events (/internal/calls), with its report page, "
                + "/health and /metrics.")
public final class ServerCommand implements Callable<Integer> {
    /** The server could not start (database unreachable, port taken...). */
    public static final int EXIT_START_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = BackendConfig.LOOPBACK,
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + BackendConfig.DEFAULT_PORT,
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Mixin
    BackendDatabaseOptions database;

    @Override
    public Integer call() throws InterruptedException {
        BackendConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        BackendServer server;
        try {
            server = BackendServer.start(config);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("deskphone server: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "deskphone-server-shutdown"));
        out.println("Deskphone backend listening on " + server.baseUrl());
        out.flush();
        stopped.await();
        return 0;
    }

    private BackendConfig config() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        if (bind.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--bind must be an address, e.g. 127.0.0.1");
        }
        try {
            return new BackendConfig(bind, port, database.jdbcUrl(), database.dataDir());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--db: " + e.getMessage());
        }
    }
}
