package dev.deskphone.instance;

import dev.deskphone.platform.XdgDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Where a running Deskphone listens for local commands: a Unix domain socket in the user's runtime
 * directory (never a network port), one per configuration directory so that separate profiles
 * (and parallel tests) do not collide. The lock that makes one launch the running instance sits
 * beside it.
 */
public record InstanceAddress(Path socket) {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    public static InstanceAddress forConfigDir(Path configDir, Map<String, String> env) {
        return forConfigDir(
                configDir, env, Path.of(System.getProperty("java.io.tmpdir")), System.getProperty("user.name"));
    }

    static InstanceAddress forConfigDir(Path configDir, Map<String, String> env, Path tmp, String user) {
        // Without a runtime directory the socket goes to the shared temp directory, where another user
        // could create our directory first: prepareDirectory() refuses one that is not ours alone.
        Path base = XdgDirs.runtimeDir(env)
                .map(runtime -> runtime.resolve("deskphone"))
                .orElse(tmp.resolve("deskphone-" + user));
        // Socket paths are limited to ~100 bytes: name the socket by a hash of the config dir.
        return new InstanceAddress(
                base.resolve("instance-" + shortHash(configDir.toAbsolutePath().normalize()) + ".sock"));
    }

    /** The lock file held by the running instance for its whole life ({@link InstanceLock}). */
    Path lockFile() {
        String name = socket.getFileName().toString();
        return socket.resolveSibling(name.substring(0, name.length() - ".sock".length()) + ".lock");
    }

    /**
     * Creates the socket's directory, readable by this user only, or checks the one that exists:
     * it must be a real directory (not a link), owned by this user, with no group or other access.
     *
     * @throws IOException naming the directory and what is wrong with it
     */
    void prepareDirectory() throws IOException {
        Path dir = socket.getParent();
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // The umask can only take permissions away: set them exactly.
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        } catch (FileAlreadyExistsException exists) {
            // Checked below.
        }
        PosixFileAttributes attributes =
                Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String refused = "refusing the instance directory " + dir + ": ";
        if (!attributes.isDirectory()) {
            throw new IOException(refused + "it is not a directory (a link or a file); remove it");
        }
        UserPrincipal me = dir.getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!attributes.owner().equals(me)) {
            throw new IOException(refused + "it is owned by "
                    + attributes.owner().getName() + ", not by " + me.getName() + "; remove it or set XDG_RUNTIME_DIR");
        }
        Set<PosixFilePermission> others = new HashSet<>(attributes.permissions());
        others.removeAll(OWNER_ONLY);
        if (!others.isEmpty()) {
            throw new IOException(refused + "others may use it (mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + "); it must be rwx------ (chmod 700)");
        }
    }

    private static String shortHash(Path path) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(path.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
