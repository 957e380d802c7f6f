package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.ServerProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's OCI image (built by {@code ./mvnw -Pserver-package,server-image package}; run on
 * request, see packaging.md): unpacked as a container runtime would (index, manifest, config, layers
 * in order) and its entry point run in the unpacked root file system as the image's user, with the
 * image's environment, in a mount namespace of its own; /health answers, a token made with the
 * image's command works, SIGTERM stops it with exit 0.
 */
class ServerImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path image;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTheImageAndRoot() throws IOException {
        ExternalTools.require("unshare");
        ExternalTools.require("chroot");
        ExternalTools.requireThat("root".equals(System.getProperty("user.name")), "chroot and mounts need root");
        image = ServerProcesses.requireBuilt(
                Path.of(System.getProperty("deskphone.server.image.dir", "target/server-image")),
                "deskphone-server-.*-oci\\.tar",
                "build it with ./mvnw -Pserver-package,server-image package");
    }

    @Test
    void unpackAndRunTheEntryPoint() throws Exception {
        Path layout = tmp.resolve("layout");
        Files.createDirectories(layout);
        run(List.of("tar", "-xf", image.toAbsolutePath().toString(), "-C", layout.toString()));
        assertThat(Files.readString(layout.resolve("oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest = JSON.readTree(
                blob(layout, index.get("manifests").get(0).get("digest").asText())
                        .toFile());
        JsonNode config = JSON.readTree(
                blob(layout, manifest.get("config").get("digest").asText()).toFile());
        JsonNode container = config.get("config");
        assertThat(container.get("User").asText()).as("not root").isEqualTo("65534:65534");
        assertThat(container.get("ExposedPorts").has("8080/tcp")).isTrue();

        // The root file system: every layer in order, as a runtime applies them.
        Path rootfs = tmp.resolve("rootfs");
        Files.createDirectories(rootfs);
        JsonNode layers = manifest.get("layers");
        assertThat(layers).hasSize(2);
        for (JsonNode layer : layers) {
            assertThat(layer.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            run(List.of(
                    "tar",
                    "--numeric-owner",
                    "-xzpf",
                    blob(layout, layer.get("digest").asText()).toString(),
                    "-C",
                    rootfs.toString()));
        }
        assertThat(rootfs.resolve("usr/lib/jvm")).isDirectory();
        try (Stream<Path> libs = Files.list(rootfs.resolve("usr/share/deskphone-server/lib"))) {
            assertThat(libs.map(p -> p.getFileName().toString()).toList())
                    .contains("deskphone.jar")
                    .noneMatch(name -> name.contains("javafx") || name.contains("webrtc"));
        }

        List<String> entry = new ArrayList<>();
        container.get("Entrypoint").forEach(arg -> entry.add(arg.asText()));
        List<String> env = new ArrayList<>();
        container.get("Env").forEach(variable -> env.add(variable.asText()));

        // The admin's first step: a token, made by the image's own command in its data volume.
        List<String> tokenCreate = new ArrayList<>(entry);
        tokenCreate.addAll(List.of("token", "create", "it", "--role", "admin"));
        Process created = startInContainer(rootfs, container, env, tokenCreate, tmp.resolve("token.out"));
        assertThat(created.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(created.exitValue())
                .as(Files.readString(tmp.resolve("token.out")))
                .isZero();
        String token = Files.readAllLines(tmp.resolve("token.out")).stream()
                .filter(line -> line.startsWith("dpk_"))
                .findFirst()
                .orElseThrow();

        // The entry point with the image's default arguments, on loopback and a free port for the test.
        List<String> server = new ArrayList<>(entry);
        server.addAll(List.of("--bind", "127.0.0.1", "--port", "0"));
        Path out = tmp.resolve("server.out");
        Process process = startInContainer(rootfs, container, env, server, out);
        try {
            URI base = ServerProcesses.awaitListening(process, out, Duration.ofSeconds(120));
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            assertThat(http.send(
                                    HttpRequest.newBuilder(base.resolve("/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> list = http.send(
                    HttpRequest.newBuilder(base.resolve("/internal/calls"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);

            ProcessHandle java = process.toHandle()
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("java"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no java process in the container"));
            java.destroy(); // SIGTERM, the image's StopSignal
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(out)).isZero();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        assertThat(Files.readAllLines(out)).anyMatch(line -> line.contains("backend stopped"));
    }

    /** Runs a command in the unpacked image: own mount namespace, /proc and /dev, chroot, the image's user. */
    private static Process startInContainer(
            Path rootfs, JsonNode container, List<String> env, List<String> command, Path out) throws IOException {
        String root = rootfs.toAbsolutePath().toString();
        List<String> argv = new ArrayList<>();
        argv.addAll(List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "--fork",
                "sh",
                "-c",
                "root=$1; user=$2; shift 2; mount --rbind /dev \"$root/dev\" && mount -t proc proc \"$root/proc\""
                        + " && cd \"$root\" && exec chroot --userspec=\"$user\" \"$root\" /usr/bin/env -i \"$@\"",
                "container",
                root,
                container.get("User").asText()));
        argv.addAll(env);
        argv.addAll(command);
        ProcessBuilder builder =
                new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
        return builder.start();
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }
}
