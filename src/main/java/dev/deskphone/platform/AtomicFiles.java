package dev.deskphone.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one atomic file writer. Writes files so that readers see either the old content or the new, never a mix: a temp file in
 * the same directory, fsync, atomic rename, fsync of the directory (so the rename survives a crash).
 */
public final class AtomicFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** A secret shared with one group's members (the system secrets, root:deskphone), never with others. */
    public static final Set<PosixFilePermission> GROUP_READABLE = PosixFilePermissions.fromString("rw-r-----");

    public static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> PUBLIC_DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    /** Produces the file's content; may fail half-way, which leaves the target untouched. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Set<PosixFilePermission> permissions, ContentWriter content)
            throws IOException {
        write(target, permissions, null, content);
    }

    /**
     * The same, giving the file to {@code group} (null: the creator's group) before it takes the
     * target's name, so the new file is never seen with another group than the one asked for.
     */
    public static void write(
            Path target, Set<PosixFilePermission> permissions, GroupPrincipal group, ContentWriter content)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // Created with the final permissions, so a secret is never readable by others, not even briefly.
        Path temp = Files.createTempFile(
                dir,
                "." + target.getFileName() + ".",
                ".tmp",
                permissions == null ? new FileAttribute<?>[0] : attributes(dir, permissions));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (group != null) {
                Files.getFileAttributeView(temp, PosixFileAttributeView.class).setGroup(group);
            }
            if (permissions != null) {
                setPermissions(temp, permissions); // the umask may have removed bits we want (e.g. 0644)
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename files atomically", e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The same for a file that takes the permissions new files get (the umask decides), creating its
     * directory if missing.
     */
    public static void writeWithDefaultPermissions(Path target, ContentWriter content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        write(target, null, null, content);
    }

    /** Creates the directory (and missing parents) with the given permissions; an existing one is left alone. */
    public static void createDirectory(Path dir, Set<PosixFilePermission> permissions) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attributes(dir, permissions));
            setPermissions(dir, permissions);
        }
    }

    private static FileAttribute<?>[] attributes(Path where, Set<PosixFilePermission> permissions) {
        return isPosix(where)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename itself is still atomic.
        }
    }
}
