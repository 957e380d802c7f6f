package dev.deskphone.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.calls.CallLink;
import dev.deskphone.testsupport.JavaProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance lock decides which of two launches runs the app: the other one waits for the
 * winner's channel and hands over. The lock's other holder is a separate JVM, as a second launch is.
 */
class InstanceLockTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private Process holder;

    @TempDir
    Path tmp;

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        if (holder != null) {
            holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void whileAnotherLaunchHoldsTheLockNoneIsGivenAndItsEndFreesIt() throws Exception {
        InstanceAddress address = address();
        holdLockInAnotherProcess(address);

        assertThat(InstanceLock.tryAcquire(address)).isEmpty();

        // However it ends (here: killed), the OS releases its lock.
        holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        try (InstanceLock lock = InstanceLock.tryAcquire(address).orElseThrow()) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void theLaunchThatLosesTheLockWaitsForTheWinnersChannelAndHandsItsLinkOver() throws Exception {
        InstanceAddress address = address();
        holdLockInAnotherProcess(address);
        List<String> requests = new CopyOnWriteArrayList<>();
        InstanceHandOver loser = new InstanceHandOver(address, new InstanceClient(address, json), json);

        CompletableFuture<Optional<InstanceLock>> claim = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return loser.claimOrHandOver(CallLink.parse("sip:1002@pbx.test"), Duration.ofSeconds(20));
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                },
                threads);
        // The winner is still starting: its channel is not up yet, and the loser keeps waiting.
        Thread.sleep(500);
        assertThat(claim).isNotDone();

        try (InstanceServer winner = InstanceServer.start(
                address,
                json,
                request -> {
                    requests.add(request.toString());
                    return json.createObjectNode().put("ok", true);
                },
                threads)) {
            assertThat(claim.get(10, TimeUnit.SECONDS))
                    .as("handed over, so no lock of its own")
                    .isEmpty();
        }
        assertThat(requests)
                .containsExactly(
                        "{\"command\":\"activate\"}",
                        "{\"command\":\"dial\",\"target\":\"sip:1002@pbx.test\",\"origin\":\"link\"}");
    }

    @Test
    void aLockHolderThatNeverAnswersIsReportedNamingTheSocket() throws Exception {
        InstanceAddress address = address();
        holdLockInAnotherProcess(address);
        InstanceHandOver loser = new InstanceHandOver(address, new InstanceClient(address, json), json);

        assertThatThrownBy(() -> loser.claimOrHandOver(Optional.empty(), Duration.ofMillis(300)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer on " + address.socket());
    }

    private InstanceAddress address() {
        return InstanceAddress.forConfigDir(
                tmp.resolve("config"),
                Map.of("XDG_RUNTIME_DIR", tmp.resolve("run").toString()));
    }

    private void holdLockInAnotherProcess(InstanceAddress address) throws IOException {
        holder = new ProcessBuilder(JavaProcess.command(
                        InstanceLockHolder.class,
                        List.of("-Xmx32m"),
                        List.of(address.socket().toString())))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the other launch took the lock").isEqualTo("locked");
    }
}
