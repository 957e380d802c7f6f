package dev.deskphone.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheContentWithTheRequestedPermissions() throws IOException {
        Path file = dir.resolve("secrets.json");

        AtomicFiles.write(file, AtomicFiles.OWNER_ONLY, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void replacingAFileSetsThePermissionsAgain() throws IOException {
        Path file = Files.writeString(dir.resolve("secrets.json"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        AtomicFiles.write(file, AtomicFiles.OWNER_ONLY, out -> out.write('x'));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aSharedFileGetsTheGroupAndOnlyTheGroupMayReadIt() throws IOException {
        GroupPrincipal daemon =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("daemon");
        Path file = Files.writeString(dir.resolve("secrets.json"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        AtomicFiles.write(file, AtomicFiles.GROUP_READABLE, daemon, out -> out.write('x'));

        assertThat(file).hasContent("x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
        assertThat(Files.readAttributes(file, PosixFileAttributes.class).group())
                .isEqualTo(daemon);
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileIntactAndNoTempFile() throws IOException {
        Path file = Files.writeString(dir.resolve("deskphone.json"), "old content");

        assertThatThrownBy(() -> AtomicFiles.write(file, AtomicFiles.WORLD_READABLE, out -> {
                    out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");

        assertThat(file).hasContent("old content");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void createsAPrivateDirectoryButLeavesAnExistingOneAlone() throws IOException {
        Path created = dir.resolve("a/b");
        Path existing = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));

        AtomicFiles.createDirectory(created, AtomicFiles.PRIVATE_DIR);
        AtomicFiles.createDirectory(existing, AtomicFiles.PRIVATE_DIR);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)))
                .isEqualTo("rwxr-x---");
    }

    @Test
    void aFileWithDefaultPermissionsGetsItsDirectoryAndLeavesNoTempFileBehind() throws IOException {
        Path file = dir.resolve("new/dir/state.json");

        AtomicFiles.writeWithDefaultPermissions(file, out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.writeWithDefaultPermissions(file, out -> out.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThat(file).hasContent("{\"a\":1}");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
