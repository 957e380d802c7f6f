package dev.deskphone.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * What a long run of calls reads from each app at call 10, every 50 calls and once idle after the
 * last: resident memory (raw and once garbage is collected), threads, open file descriptors and the
 * app's sound-server clients. Renders the curve as a table and says what a call leaves behind.
 */
final class BenchmarkCurve {
    /**
     * Threads and open files may differ by this much from the baseline without a call having left
     * them: the JVM starts and stops compiler threads as the JIT's queue grows and shrinks
     * (UseDynamicNumberOfCompilerThreads), and idle pool threads (the common fork-join pool, the
     * embedded backend's Jetty, the JDK's HTTP client) and their connections end on their own timers.
     * A call that leaves one thread or descriptor behind exceeds it within a few calls.
     */
    static final int THREADS_AND_FDS_SLACK = 4;

    /** One app's reading after a number of calls. */
    record Reading(int call, String app, long rssKb, long rssAfterGcKb, int threads, int fds, int soundClients) {}

    private final List<Reading> readings = new ArrayList<>();
    private final List<String> apps;

    BenchmarkCurve(List<String> apps) {
        this.apps = List.copyOf(apps);
    }

    void add(Reading reading) {
        readings.add(reading);
    }

    /** Markdown table: one row per reading point, each app's columns side by side. */
    String table() {
        StringBuilder header = new StringBuilder("| calls |");
        StringBuilder rule = new StringBuilder("|---:|");
        for (String app : apps) {
            header.append(String.format(
                    " %1$s RSS (MB) | %1$s once collected (MB) | %1$s threads | %1$s fds | %1$s sound clients |", app));
            rule.append("---:|---:|---:|---:|---:|");
        }
        StringBuilder table =
                new StringBuilder().append(header).append('\n').append(rule).append('\n');
        for (int call : calls()) {
            table.append("| ").append(call).append(" |");
            for (String app : apps) {
                Reading r = reading(app, call);
                table.append(String.format(
                        Locale.ROOT,
                        " %.1f | %.1f | %d | %d | %d |",
                        r.rssKb() / 1024.0,
                        r.rssAfterGcKb() / 1024.0,
                        r.threads(),
                        r.fds(),
                        r.soundClients()));
            }
            table.append('\n');
        }
        return table.toString();
    }

    /** Per app: growth from the first reading to the last, and the least-squares slope per 100 calls. */
    String summary() {
        StringBuilder out = new StringBuilder();
        for (String app : apps) {
            Reading first = readings(app).get(0);
            Reading last = readings(app).get(readings(app).size() - 1);
            out.append(String.format(
                    Locale.ROOT,
                    "%s, call %d -> %d: RSS %+.1f%% raw, %+.1f%% once collected (%+.1f MB); threads %+d, fds %+d,"
                            + " sound clients %+d; fitted per 100 calls: once collected %+.2f MB, threads %+.2f, fds %+.2f%n",
                    app,
                    first.call(),
                    last.call(),
                    percent(first.rssKb(), last.rssKb()),
                    percent(first.rssAfterGcKb(), last.rssAfterGcKb()),
                    (last.rssAfterGcKb() - first.rssAfterGcKb()) / 1024.0,
                    last.threads() - first.threads(),
                    last.fds() - first.fds(),
                    last.soundClients() - first.soundClients(),
                    100 * slope(app, Reading::rssAfterGcKb) / 1024.0,
                    100 * slope(app, Reading::threads),
                    100 * slope(app, Reading::fds)));
        }
        return out.toString();
    }

    /**
     * What the calls left behind, comparing each app's last reading (idle after the last call) with its
     * first (the baseline, after the warm-up calls): empty when nothing. Sound-server clients must be
     * back exactly (each is a call's device module; nothing closes them on a timer); threads and
     * descriptors within {@link #THREADS_AND_FDS_SLACK}.
     */
    List<String> leftBehind() {
        List<String> found = new ArrayList<>();
        for (String app : apps) {
            Reading first = readings(app).get(0);
            Reading last = readings(app).get(readings(app).size() - 1);
            if (last.threads() > first.threads() + THREADS_AND_FDS_SLACK) {
                found.add(String.format(
                        "%s: %d threads after call %d, %d after call %d",
                        app, last.threads(), last.call(), first.threads(), first.call()));
            }
            if (last.fds() > first.fds() + THREADS_AND_FDS_SLACK) {
                found.add(String.format(
                        "%s: %d open fds after call %d, %d after call %d",
                        app, last.fds(), last.call(), first.fds(), first.call()));
            }
            if (last.soundClients() != first.soundClients()) {
                found.add(String.format(
                        "%s: %d sound-server clients after call %d, %d after call %d",
                        app, last.soundClients(), last.call(), first.soundClients(), first.call()));
            }
        }
        return found;
    }

    /** Least-squares slope of one quantity over the call number, per call. */
    double slope(String app, ToLongFunction<Reading> quantity) {
        List<Reading> points = readings(app);
        double meanX = points.stream().mapToDouble(Reading::call).average().orElse(0);
        double meanY = points.stream()
                .mapToDouble(r -> quantity.applyAsLong(r))
                .average()
                .orElse(0);
        double covariance = 0;
        double variance = 0;
        for (Reading r : points) {
            covariance += (r.call() - meanX) * (quantity.applyAsLong(r) - meanY);
            variance += (r.call() - meanX) * (r.call() - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    private static double percent(long from, long to) {
        return 100.0 * (to - from) / from;
    }

    private List<Integer> calls() {
        return readings.stream().map(Reading::call).distinct().toList();
    }

    private Reading reading(String app, int call) {
        return readings.stream()
                .filter(r -> r.app().equals(app) && r.call() == call)
                .reduce((earlier, later) -> later)
                .orElseThrow();
    }

    private List<Reading> readings(String app) {
        List<Reading> of = readings.stream().filter(r -> r.app().equals(app)).toList();
        if (of.isEmpty()) {
            throw new IllegalStateException("no reading of " + app);
        }
        return of;
    }
}
