package dev.deskphone.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The first stop signal calls the owner's stop (SIGWINCH stands in: it is harmless to this JVM). */
class StopSignalsTest {
    @Test
    void theFirstSignalCallsStop() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        StopSignals.install(List.of("WINCH"), "stopping", stopped::countDown, StopSignals.Again.EXIT);

        Process kill = new ProcessBuilder(
                        "kill", "-WINCH", String.valueOf(ProcessHandle.current().pid()))
                .inheritIO()
                .start();

        assertThat(kill.waitFor()).isZero();
        assertThat(stopped.await(30, TimeUnit.SECONDS)).as("stop called").isTrue();
    }
}
