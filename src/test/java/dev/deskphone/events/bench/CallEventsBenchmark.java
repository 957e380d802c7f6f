package dev.deskphone.events.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.events.CallEvents;
import dev.deskphone.events.DeliveryPolicy;
import dev.deskphone.events.Forwarder;
import dev.deskphone.events.Outbox;
import dev.deskphone.events.OutboxEntry;
import dev.deskphone.events.PageEvents;
import dev.deskphone.server.BackendConfig;
import dev.deskphone.server.BackendServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark of the call-event path as the app runs it: page message → {@link CallEvents#accept}
 * (durable outbox commit, what the FX thread waits for) → forwarder → the embedded backend on
 * loopback (SQLite, durable before its 2xx), all in one JVM like the app.
 *
 * <ol>
 *   <li>latency: {@code --events} events (calls of four) offered at {@code --rate}/s by one thread,
 *       as the page would; from the start of {@code accept} to the backend's 2xx (sent after its
 *       commit). Also the time {@code accept} itself took (the bridge call's cost on the FX thread).</li>
 *   <li>drain: the backend is down while {@code --backlog} events are stored, then started; time
 *       from its start to the outbox being empty, and the rate from the first delivery.</li>
 * </ol>
 * Arguments: {@code [--events 4000] [--rate 200] [--backlog 10000] [--synchronous full|normal]}.
 */
public final class CallEventsBenchmark {
    private static boolean durable = true;

    private CallEventsBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(option(args, "--events", "4000"));
        int rate = Integer.parseInt(option(args, "--rate", "200"));
        int backlog = Integer.parseInt(option(args, "--backlog", "10000"));
        durable = !option(args, "--synchronous", "full").equals("normal");
        Path dir = Files.createTempDirectory("deskphone-events-bench");
        try {
            latency(dir.resolve("latency"), events, rate);
            drain(dir.resolve("drain"), backlog);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void latency(Path dir, int count, int rate) throws Exception {
        Files.createDirectories(dir);
        // No lock between accept() and the acknowledgement: the two maps are joined at the end.
        Map<Long, Long> offeredAt = new ConcurrentHashMap<>();
        Map<Long, Long> acknowledgedAt = new ConcurrentHashMap<>();
        try (BackendServer backend = BackendServer.start(BackendConfig.embedded(dir.resolve("backend")));
                Outbox outbox = Outbox.open(dir.resolve("outbox.db"), 100_000, durable)) {
            CallEvents events = new CallEvents(outbox, PageEvents.JSON, System::currentTimeMillis);
            Forwarder forwarder = new Forwarder(
                    outbox,
                    new BackendEndpoint(backend.baseUrl(), backend.localToken()),
                    DeliveryPolicy.DEFAULT,
                    status -> {},
                    new SecureRandom(),
                    entry -> acknowledgedAt.put(entry.seq(), System.nanoTime()));
            events.deliverWith(forwarder);
            forwarder.start();
            // Interleave calls as a call center does: calls overlap, each call's events in order.
            List<ObjectNode> messages = interleaved(count);
            long[] acceptNanos = new long[count];
            int warmup = Math.min(200, count / 10);
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                long start = System.nanoTime();
                OutboxEntry entry = events.accept(messages.get(i)).orElseThrow();
                acceptNanos[i] = System.nanoTime() - start;
                if (i >= warmup) {
                    offeredAt.put(entry.seq(), start);
                }
            }
            while (outbox.counts().pending() > 0) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            forwarder.close();
            long[] measured = offeredAt.entrySet().stream()
                    .mapToLong(e -> acknowledgedAt.get(e.getKey()) - e.getValue())
                    .toArray();
            System.out.printf(
                    Locale.ROOT,
                    "latency: %d events at %d/s (%d calls; the first %d are warm-up), embedded"
                            + " backend on loopback, outbox synchronous=%s%n",
                    count,
                    rate,
                    count / 4,
                    warmup,
                    durable ? "FULL" : "NORMAL");
            System.out.println("  page event -> committed at the backend: " + percentiles(measured, 1e6, "ms"));
            System.out.println("  CallEvents.accept (FX thread, outbox commit): "
                    + percentiles(Arrays.copyOfRange(acceptNanos, warmup, count), 1e3, "us"));
        }
    }

    private static void drain(Path dir, int backlog) throws Exception {
        Files.createDirectories(dir);
        BackendConfig config;
        try (BackendServer first = BackendServer.start(BackendConfig.embedded(dir.resolve("backend")))) {
            config = BackendConfig.embedded(dir.resolve("backend")).withPort(first.port());
        }
        String token;
        long[] firstDelivery = {0};
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"), 100_000, durable)) {
            CallEvents events = new CallEvents(outbox, PageEvents.JSON, System::currentTimeMillis);
            BackendServer probe = BackendServer.start(config);
            token = probe.localToken();
            probe.close();
            Forwarder forwarder = new Forwarder(
                    outbox,
                    new BackendEndpoint(java.net.URI.create("http://127.0.0.1:" + config.port()), token),
                    DeliveryPolicy.DEFAULT,
                    status -> {},
                    new SecureRandom(),
                    entry -> {
                        synchronized (firstDelivery) {
                            if (firstDelivery[0] == 0) {
                                firstDelivery[0] = System.nanoTime();
                            }
                        }
                    });
            events.deliverWith(forwarder);
            forwarder.start();
            long storeStart = System.nanoTime();
            for (ObjectNode message : interleaved(backlog)) {
                events.accept(message);
            }
            long stored = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "drain: %d events (%d calls) stored while the backend was down, in %.1f s%n",
                    backlog,
                    backlog / 4,
                    (stored - storeStart) / 1e9);
            try (BackendServer backend = BackendServer.start(config)) {
                long started = System.nanoTime();
                while (outbox.counts().pending() > 0) {
                    Thread.sleep(5);
                }
                long drained = System.nanoTime();
                forwarder.close();
                System.out.printf(
                        Locale.ROOT,
                        "  backend started -> outbox empty: %.2f s (first delivery after %.2f s: the"
                                + " forwarder's backoff)%n",
                        (drained - started) / 1e9,
                        (firstDelivery[0] - started) / 1e9);
                System.out.printf(
                        Locale.ROOT,
                        "  drain rate from the first delivery: %.0f events/s%n",
                        backlog / ((drained - firstDelivery[0]) / 1e9));
                System.out.println("  dead events: " + outbox.counts().dead());
            }
        }
    }

    /** {@code count} events of count/4 calls, ten calls overlapping at a time, each call's events in order. */
    private static List<ObjectNode> interleaved(int count) {
        List<ObjectNode> out = new ArrayList<>(count);
        int calls = count / 4;
        for (int base = 0; base < calls; base += 10) {
            List<ObjectNode[]> group = new ArrayList<>();
            for (int c = base; c < Math.min(calls, base + 10); c++) {
                group.add(PageEvents.call(PageEvents.newCallId(), PageEvents.T0 + c * 10_000L));
            }
            for (int step = 0; step < 4; step++) {
                for (ObjectNode[] call : group) {
                    out.add(call[step]);
                }
            }
        }
        return out;
    }

    private static String percentiles(long[] values, double unit, String name) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "n=%d p50 %.2f %s, p90 %.2f, p99 %.2f, max %.2f",
                sorted.length,
                at(sorted, 0.50) / unit,
                name,
                at(sorted, 0.90) / unit,
                at(sorted, 0.99) / unit,
                sorted[sorted.length - 1] / unit);
    }

    private static long at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
