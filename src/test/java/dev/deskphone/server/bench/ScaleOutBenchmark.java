package dev.deskphone.server.bench;

import dev.deskphone.server.TokenAdmin;
import dev.deskphone.testsupport.PostgresCluster;
import dev.deskphone.testsupport.ServerProcesses;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scale-out benchmark: sustained events/s of one, then two {@code deskphone server} instances (child
 * JVMs) on one PostgreSQL database, each call's events alternating between the instances as behind
 * a round-robin balancer. Same load as {@link BackendBenchmark}'s sustained phase (closed loop,
 * durable before 2xx). Everything shares this machine's cores, so the number says what a second
 * instance costs or gains here, not what two machines give. See src/site/markdown/benchmarks.md.
 *
 * <p>Arguments: {@code [--seconds N] [--clients N]}.
 */
public final class ScaleOutBenchmark {
    private ScaleOutBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(BackendBenchmark.option(args, "--seconds", "20"));
        int clients = Integer.parseInt(BackendBenchmark.option(args, "--clients", "64"));
        System.out.printf(
                "machine: %d cores, %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.version"));
        try (PostgresCluster cluster = PostgresCluster.start()) {
            for (int instances = 1; instances <= 2; instances++) {
                String jdbcUrl = cluster.createDatabase("scale_out_bench");
                String token;
                try (TokenAdmin admin = TokenAdmin.open(jdbcUrl)) {
                    token = admin.create("bench");
                }
                List<Process> servers = new ArrayList<>();
                List<Path> dirs = new ArrayList<>();
                try {
                    List<URI> bases = new ArrayList<>();
                    for (int i = 0; i < instances; i++) {
                        Path dir = Files.createTempDirectory("deskphone-bench-scale");
                        dirs.add(dir);
                        Process server = BackendBenchmark.startServer(dir, jdbcUrl);
                        servers.add(server);
                        bases.add(ServerProcesses.awaitListening(
                                server, dir.resolve("server.out"), Duration.ofSeconds(60)));
                    }
                    EventLoad load = new EventLoad(bases, token, clients);
                    load.closedLoop(clients, Duration.ofSeconds(10)); // warm-up: JIT, pools
                    double load1 = loadAverage();
                    EventLoad.Result result = load.closedLoop(clients, Duration.ofSeconds(seconds));
                    System.out.printf(
                            Locale.ROOT, "%n== PostgreSQL, %d instance%s ==%n", instances, instances == 1 ? "" : "s");
                    System.out.printf(
                            Locale.ROOT, "sustained (%d concurrent clients, %d s): %s%n", clients, seconds, result);
                    System.out.printf(
                            Locale.ROOT, "load average (1 min) before / after: %.1f / %.1f%n", load1, loadAverage());
                } finally {
                    for (Process server : servers) {
                        server.destroy();
                        server.waitFor(30, TimeUnit.SECONDS);
                    }
                    for (Path dir : dirs) {
                        try (Stream<Path> files = Files.walk(dir)) {
                            files.sorted(java.util.Comparator.reverseOrder())
                                    .forEach(path -> path.toFile().delete());
                        }
                    }
                }
            }
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
