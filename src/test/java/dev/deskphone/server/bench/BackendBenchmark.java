package dev.deskphone.server.bench;

import dev.deskphone.server.BackendConfig;
import dev.deskphone.server.TokenAdmin;
import dev.deskphone.testsupport.PostgresCluster;
import dev.deskphone.testsupport.ServerProcesses;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Benchmark of {@code deskphone server} (a child JVM, started exactly as the CLI does) on SQLite and
 * on PostgreSQL: sustained events/s with many concurrent clients, then latency at a fixed 1,000
 * events/s. Every event is durable before its 2xx (SQLite WAL + synchronous=FULL; PostgreSQL with
 * fsync and synchronous_commit on). See src/site/markdown/benchmarks.md for the command.
 *
 * <p>Arguments: {@code [--db sqlite|postgresql|both] [--seconds N] [--clients N] [--rate N]}.
 */
public final class BackendBenchmark {
    private BackendBenchmark() {}

    public static void main(String[] args) throws Exception {
        String db = option(args, "--db", "both");
        int seconds = Integer.parseInt(option(args, "--seconds", "20"));
        int clients = Integer.parseInt(option(args, "--clients", "64"));
        int rate = Integer.parseInt(option(args, "--rate", "1000"));
        System.out.printf(
                "machine: %d cores, %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"));
        if (db.equals("sqlite") || db.equals("both")) {
            Path dir = Files.createTempDirectory("deskphone-bench-sqlite");
            run("SQLite", BackendConfig.sqliteUrl(dir), dir, seconds, clients, rate);
        }
        if (db.equals("postgresql") || db.equals("both")) {
            try (PostgresCluster cluster = PostgresCluster.start()) {
                Path dir = Files.createTempDirectory("deskphone-bench-pg");
                run("PostgreSQL", cluster.createDatabase("bench"), dir, seconds, clients, rate);
            }
        }
    }

    private static void run(String name, String jdbcUrl, Path dir, int seconds, int clients, int rate)
            throws Exception {
        String token;
        try (TokenAdmin admin = TokenAdmin.open(jdbcUrl)) {
            token = admin.create("bench");
        }
        Process server = startServer(dir, jdbcUrl);
        try {
            URI base = ServerProcesses.awaitListening(server, dir.resolve("server.out"), Duration.ofSeconds(60));
            EventLoad load = new EventLoad(base, token, clients);
            load.closedLoop(clients, Duration.ofSeconds(10)); // warm-up: JIT, pools, page cache
            Duration cpuBefore = cpu(server);
            EventLoad.Result max = load.closedLoop(clients, Duration.ofSeconds(seconds));
            Duration cpuAfter = cpu(server);
            EventLoad.Result fixed = load.openLoop(rate, Duration.ofSeconds(seconds));
            System.out.printf(Locale.ROOT, "%n== %s ==%n", name);
            System.out.printf(Locale.ROOT, "sustained (%d concurrent clients, %d s): %s%n", clients, seconds, max);
            // Load-independent: the server JVM's own CPU time per event (client, database and other
            // processes excluded), the number to read when the machine is shared.
            System.out.printf(
                    Locale.ROOT,
                    "  server JVM CPU per event: %.0f us%n",
                    cpuAfter.minus(cpuBefore).toNanos() / 1000.0 / Math.max(1, max.ok()));
            System.out.printf(Locale.ROOT, "fixed rate %d events/s (%d s):          %s%n", rate, seconds, fixed);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Duration cpu(Process process) {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The real CLI in its own JVM, with the production logging configuration (not the tests'). */
    static Process startServer(Path dir, String jdbcUrl) throws IOException {
        String classpath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx1g",
                "-cp",
                classpath,
                "dev.deskphone.cli.Main",
                "server",
                "--port",
                "0",
                "--db",
                jdbcUrl,
                "--data-dir",
                dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.out").toFile());
        builder.environment().put("DESKPHONE_LOG_DIR", dir.resolve("logs").toString());
        return builder.start();
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
