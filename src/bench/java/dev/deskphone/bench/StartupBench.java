package dev.deskphone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Kamailio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up benchmark of the packaged app against a loopback Kamailio (the start-up targets): launch to
 * window shown, launch to 6 accounts registered, and resident memory with 6 accounts idle.
 *
 * <p>Run: {@code xvfb-run -a ./mvnw -B -Pbench verify -DskipTests} (after {@code ./mvnw package}).
 * The app's clock and this one are the same machine's wall clock: the app reports when its window
 * was shown (epoch ms) and this program took the time just before starting the process.
 */
public final class StartupBench {
    private static final int RUNS = Integer.getInteger("bench.runs", 7);
    private static final Duration IDLE_BEFORE_RSS = Duration.ofSeconds(10);

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("deskphone-bench");
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            users.put(Integer.toString(1000 + i), "bench-secret-" + i);
        }
        List<Long> windowMs = new ArrayList<>();
        List<Long> registeredMs = new ArrayList<>();
        List<Long> rssMb = new ArrayList<>();
        try (Kamailio pbx = Kamailio.start(work.resolve("pbx"), users)) {
            Path home = work.resolve("agent");
            try (DeskphoneProcess setup = new DeskphoneProcess(home)) {
                setup.cliOk("profile", "add", "pbx", "--server", pbx.wsUrl(), "--domain", Kamailio.DOMAIN, "--default");
                for (Map.Entry<String, String> user : users.entrySet()) {
                    Path pw = Files.writeString(work.resolve("pw"), user.getValue());
                    setup.cliOk("account", "add", "--profile", "pbx", "--extension", user.getKey(), "--password-file", pw.toString());
                }
            }
            for (int run = 0; run <= RUNS; run++) {
                try (DeskphoneProcess app = new DeskphoneProcess(home)) {
                    long launchedAt = System.currentTimeMillis();
                    app.start();
                    JsonNode shown = app.awaitStatus("window shown", Duration.ofSeconds(30), s -> s.path("windowShownAt").asLong() > 0);
                    JsonNode registered = app.awaitStatus("6 registered", Duration.ofSeconds(30), StartupBench::sixRegistered);
                    long registeredAt = System.currentTimeMillis();
                    Thread.sleep(IDLE_BEFORE_RSS.toMillis());
                    long rss = residentKb(app.process().pid()) / 1024;
                    if (run == 0) {
                        System.out.printf("warm-up run: window %d ms, registered %d ms, RSS %d MB%n",
                                shown.path("windowShownAt").asLong() - launchedAt, registeredAt - launchedAt, rss);
                        continue;
                    }
                    windowMs.add(shown.path("windowShownAt").asLong() - launchedAt);
                    registeredMs.add(registeredAt - launchedAt);
                    rssMb.add(rss);
                    System.out.printf("run %d: window %d ms, 6 registered %d ms, RSS %d MB (accounts: %s)%n", run,
                            windowMs.get(windowMs.size() - 1), registeredMs.get(registeredMs.size() - 1), rss,
                            registered.path("accounts").size());
                }
            }
        }
        System.out.println();
        System.out.printf("launch -> window shown:     median %d ms, min %d, max %d (target <= 1500 ms)%n",
                median(windowMs), Collections.min(windowMs), Collections.max(windowMs));
        System.out.printf("launch -> 6 registered:     median %d ms, min %d, max %d (target <= 3000 ms)%n",
                median(registeredMs), Collections.min(registeredMs), Collections.max(registeredMs));
        System.out.printf("RSS, 6 accounts idle %ds:   median %d MB, min %d, max %d (target <= 250 MB)%n",
                IDLE_BEFORE_RSS.toSeconds(), median(rssMb), Collections.min(rssMb), Collections.max(rssMb));
        System.out.printf("machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"));
    }

    static boolean sixRegistered(JsonNode status) {
        int registered = 0;
        for (JsonNode account : status.path("accounts")) {
            if ("registered".equals(account.path("state").asText())) {
                registered++;
            }
        }
        return registered == 6;
    }

    private static long residentKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
