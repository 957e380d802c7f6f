package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.NetworkNamespace;
import dev.deskphone.testsupport.PulseAudioFixture;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a CI test (run with {@code -Ddeskphone.benchmark=true}): 100 sequential calls
 * through one media engine, reporting offer-to-connected times and resident memory after 10 calls
 * and after 100 (the target: growth of at most 20 MB).
 */
@EnabledIfSystemProperty(named = "deskphone.benchmark", matches = "true")
class MediaChurnBenchmarkIT {
    @TempDir
    Path dir;

    @Test
    void hundredSequentialCalls() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "it-logs", "MediaChurnBenchmarkIT"));
        try (PulseAudioFixture pulse =
                        PulseAudioFixture.start(dir, List.of(new SineSource("mic", 440)), List.of("speaker"));
                NetworkNamespace namespace = NetworkNamespace.create();
                PeerClient peer =
                        PeerClient.start("bench", namespace, pulse.clientEnvironment("mic", "speaker"), logs)) {
            peer.send("start");
            JsonNode result = peer.sendWithin(
                    600,
                    "churn",
                    "calls",
                    Integer.getInteger("deskphone.benchmark.calls", 100),
                    "negotiate",
                    !Boolean.getBoolean("deskphone.benchmark.createOnly"));
            System.out.println("BENCHMARK media churn: " + result);
            Files.writeString(logs.resolve("result.json"), result.toString());
            assertThat(result.path("live").asInt()).isZero();
        }
    }
}
