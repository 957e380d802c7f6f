package dev.deskphone.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster (Debian's postgresql package): initdb in a temp directory, started
 * with pg_ctl on a free port on 127.0.0.1, trust authentication, stopped and deleted on close.
 * PostgreSQL refuses to run as root, so as root the cluster runs as the {@code postgres} user.
 */
public final class PostgresCluster implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();
    private boolean stopped;

    private PostgresCluster(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a new cluster; in CI a missing PostgreSQL fails, elsewhere it skips the test. */
    public static PostgresCluster start() throws IOException, InterruptedException {
        Path pgCtl = ExternalTools.require("pg_ctl").toRealPath();
        Path bin = pgCtl.getParent();
        ExternalTools.requireThat(Files.isExecutable(bin.resolve("initdb")), "initdb is missing next to " + pgCtl);
        Path dir = Files.createTempDirectory("deskphone-pg-");
        if (isRoot()) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        int port = freePort();
        PostgresCluster cluster = new PostgresCluster(bin, dir, port);
        try {
            cluster.run(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-instructions"));
            String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on";
            cluster.run(List.of(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-o",
                    options,
                    "-l",
                    dir.resolve("server.log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "start"));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "postgres-test-cluster-stop"));
        return cluster;
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    public String createDatabase(String prefix) throws SQLException {
        String name = prefix.toLowerCase() + "_" + databases.incrementAndGet() + "_"
                + ProcessHandle.current().pid();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return jdbcUrl(name);
    }

    /**
     * Creates a new database owned by a new role that must log in with {@code password} (SCRAM,
     * while every other role keeps trust), and returns its JDBC URL naming that role but no password.
     */
    public String createDatabaseWithPassword(String prefix, String password) throws SQLException, IOException {
        String url = createDatabase(prefix);
        String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        String role = database + "_owner";
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            statement.execute("ALTER DATABASE " + database + " OWNER TO " + role);
            statement.execute("GRANT ALL ON SCHEMA public TO " + role);
            Path hba = dir.resolve("data/pg_hba.conf");
            synchronized (this) {
                // First match wins: this role's line goes above initdb's trust lines.
                Files.writeString(hba, "host all " + role + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
            }
            statement.execute("SELECT pg_reload_conf()");
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + role;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("deskphone-pg-cmd", ".log");
        try {
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + Files.readString(output, StandardCharsets.UTF_8) + serverLog());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? "\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                run(List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-m",
                        "immediate",
                        "-w",
                        "stop"));
            }
        } catch (IOException e) {
            System.err.println("could not stop the test PostgreSQL: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
