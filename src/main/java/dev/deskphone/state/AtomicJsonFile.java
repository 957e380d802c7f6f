package dev.deskphone.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON state file of the app's (window placement, desktop settings): written atomically
 * (temp file in the same directory, fsync, rename) so a crash mid-write leaves the old file; a file
 * that cannot be read is reported and treated as absent, never overwritten before it is replaced.
 */
final class AtomicJsonFile<T> {
    private static final Logger log = LoggerFactory.getLogger(AtomicJsonFile.class);

    private final Path file;
    private final Class<T> type;
    private final ObjectMapper json;

    AtomicJsonFile(Path file, Class<T> type, ObjectMapper json) {
        this.file = file;
        this.type = type;
        this.json = json;
    }

    Optional<T> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(file.toFile(), type));
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    void write(T value) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            ByteBuffer bytes =
                    ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    Path path() {
        return file;
    }
}
