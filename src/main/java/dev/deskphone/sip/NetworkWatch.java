package dev.deskphone.sip;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices the moments a SIP connection has most likely died unseen, so every socket is probed at
 * once instead of at its next keep-alive: a resume from suspend (the wall clock moved on while the
 * monotonic clock, {@code CLOCK_MONOTONIC} behind {@link System#nanoTime()}, stood still) and a
 * change of the machine's addresses (Wi-Fi roamed, cable plugged, VPN up or down).
 */
public final class NetworkWatch {
    private static final Logger log = LoggerFactory.getLogger(NetworkWatch.class);
    /** How often the clocks and addresses are compared. */
    static final Duration PERIOD = Duration.ofSeconds(2);
    /** Wall time beyond monotonic time that counts as a suspend; NTP slews far less than this. */
    static final Duration JUMP = Duration.ofSeconds(3);

    private final LongSupplier wallMillis;
    private final LongSupplier monotonicNanos;
    private final Supplier<Optional<Set<String>>> addresses;
    private final Runnable probe;
    private long lastWall;
    private long lastMonotonic;
    private Set<String> lastAddresses;

    NetworkWatch(
            LongSupplier wallMillis,
            LongSupplier monotonicNanos,
            Supplier<Optional<Set<String>>> addresses,
            Runnable probe) {
        this.wallMillis = wallMillis;
        this.monotonicNanos = monotonicNanos;
        this.addresses = addresses;
        this.probe = probe;
        this.lastWall = wallMillis.getAsLong();
        this.lastMonotonic = monotonicNanos.getAsLong();
        this.lastAddresses = addresses.get().orElse(null);
    }

    /** The real clocks and interfaces. */
    public static NetworkWatch ofSystem(Runnable probe) {
        return new NetworkWatch(System::currentTimeMillis, System::nanoTime, NetworkWatch::machineAddresses, probe);
    }

    /** Checks every {@link #PERIOD} on the executor until it shuts down. */
    public void start(ScheduledExecutorService executor) {
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        check();
                    } catch (RuntimeException e) {
                        // A scheduled task that throws is never run again: log, and keep watching.
                        log.warn("Network watch check failed", e);
                    }
                },
                PERIOD.toMillis(),
                PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Compares clocks and addresses with the last check; probes the sockets when either moved. */
    void check() {
        long wall = wallMillis.getAsLong();
        long monotonic = monotonicNanos.getAsLong();
        long gapMillis = (wall - lastWall) - (monotonic - lastMonotonic) / 1_000_000;
        lastWall = wall;
        lastMonotonic = monotonic;
        String reason = null;
        if (Math.abs(gapMillis) > JUMP.toMillis()) {
            reason = "the wall clock jumped " + gapMillis / 1000
                    + " s against the monotonic clock (resume from suspend?)";
        }
        Optional<Set<String>> now = addresses.get();
        if (now.isPresent()) {
            if (lastAddresses != null && !lastAddresses.equals(now.get())) {
                String change = "the machine's addresses changed from " + lastAddresses + " to " + now.get();
                reason = reason == null ? change : reason + "; " + change;
            }
            lastAddresses = now.get();
        }
        if (reason != null) {
            log.info("Probing every SIP connection: {}", reason);
            probe.run();
        }
    }

    /** The addresses of the interfaces that are up, loopback left out; empty when they cannot be read. */
    static Optional<Set<String>> machineAddresses() {
        try {
            Set<String> result = new TreeSet<>();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    result.addAll(
                            nic.inetAddresses().map(InetAddress::getHostAddress).collect(Collectors.toSet()));
                }
            }
            return Optional.of(result);
        } catch (SocketException e) {
            log.debug("Cannot list network interfaces: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
