package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NetworkWatchTest {
    private final AtomicLong wallMillis = new AtomicLong(1_700_000_000_000L);
    private final AtomicLong monotonicNanos = new AtomicLong(5_000_000_000L);
    private final AtomicReference<Optional<Set<String>>> addresses =
            new AtomicReference<>(Optional.of(Set.of("192.168.1.20", "fe80::1%wlan0")));
    private final AtomicInteger probes = new AtomicInteger();
    private final NetworkWatch watch =
            new NetworkWatch(wallMillis::get, monotonicNanos::get, addresses::get, probes::incrementAndGet);

    private void elapse(long wallMs, long monotonicMs) {
        wallMillis.addAndGet(wallMs);
        monotonicNanos.addAndGet(monotonicMs * 1_000_000);
    }

    @Test
    void steadyClocksAndAddressesProbeNothing() {
        for (int i = 0; i < 100; i++) {
            elapse(2_000 + (i % 3), 2_000);
            watch.check();
        }
        assertThat(probes).hasValue(0);
    }

    @Test
    void aResumeFromSuspendProbesAtOnce() {
        elapse(2_000, 2_000);
        watch.check();

        // Suspended for an hour: the wall clock moved on, the monotonic clock stood still.
        elapse(3_600_000, 2_000);
        watch.check();

        assertThat(probes).hasValue(1);
        elapse(2_000, 2_000);
        watch.check();
        assertThat(probes).as("once per jump").hasValue(1);
    }

    @Test
    void aWallClockStepBackProbesToo() {
        elapse(-60_000, 2_000);
        watch.check();
        assertThat(probes).hasValue(1);
    }

    @Test
    void aSmallDriftIsNoSuspend() {
        elapse(2_000 + NetworkWatch.JUMP.toMillis(), 2_000);
        watch.check();
        assertThat(probes).hasValue(0);
    }

    @Test
    void aChangedAddressProbesOncePerChange() {
        elapse(2_000, 2_000);
        addresses.set(Optional.of(Set.of("10.0.0.7", "fe80::1%wlan0")));
        watch.check();
        assertThat(probes).hasValue(1);

        elapse(2_000, 2_000);
        watch.check();
        assertThat(probes).hasValue(1);

        addresses.set(Optional.of(Set.of()));
        elapse(2_000, 2_000);
        watch.check();
        assertThat(probes).as("all interfaces down").hasValue(2);
    }

    @Test
    void unreadableInterfacesAreNoChange() {
        addresses.set(Optional.empty());
        elapse(2_000, 2_000);
        watch.check();
        addresses.set(Optional.of(Set.of("192.168.1.20", "fe80::1%wlan0")));
        elapse(2_000, 2_000);
        watch.check();
        assertThat(probes).hasValue(0);
    }

    @Test
    void theMachinesAddressesAreReadable() {
        assertThat(NetworkWatch.machineAddresses()).isPresent();
    }
}
