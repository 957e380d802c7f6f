package dev.deskphone.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where a running Deskphone listens for local commands: a Unix domain socket in the user's runtime
 * directory (never a network port), one per configuration directory so that separate profiles
 * (and parallel tests) do not collide.
 */
public record InstanceAddress(Path socket) {

    public static InstanceAddress forConfigDir(Path configDir, Map<String, String> env) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path base = runtime != null && !runtime.isBlank()
                ? Path.of(runtime, "deskphone")
                : Path.of(System.getProperty("java.io.tmpdir"), "deskphone-" + System.getProperty("user.name"));
        // Socket paths are limited to ~100 bytes: name the socket by a hash of the config dir.
        return new InstanceAddress(base.resolve("instance-" + shortHash(configDir.toAbsolutePath().normalize()) + ".sock"));
    }

    /** Creates the socket's directory, readable by this user only. */
    void prepareDirectory() throws IOException {
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static String shortHash(Path path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
