package dev.deskphone.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.platform.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JSON state file of the app's (window placement, desktop settings): written atomically
 * ({@link AtomicFiles}) so a crash mid-write leaves the old file; a file
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
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        AtomicFiles.writeWithDefaultPermissions(file, out -> out.write(bytes));
    }

    Path path() {
        return file;
    }
}
