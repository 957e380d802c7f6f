package dev.deskphone.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file under some directories with its bytes, to prove that a refused command changed
 * nothing on disk. The empty lock file a command may create holds no configuration and is left out.
 */
public final class ConfigSnapshot {
    private final Map<String, String> files;

    private ConfigSnapshot(Map<String, String> files) {
        this.files = files;
    }

    public static ConfigSnapshot of(Path... dirs) {
        Map<String, String> files = new TreeMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path file : walk.filter(Files::isRegularFile)
                        .filter(f -> !f.endsWith(".deskphone.lock"))
                        .toList()) {
                    files.put(file.toString(), Arrays.toString(Files.readAllBytes(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ConfigSnapshot(files);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigSnapshot s && s.files.equals(files);
    }

    @Override
    public int hashCode() {
        return files.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ConfigSnapshot");
        files.forEach((file, bytes) -> text.append("\n  ")
                .append(file)
                .append(" (")
                .append(bytes.hashCode())
                .append(')'));
        return text.toString();
    }
}
