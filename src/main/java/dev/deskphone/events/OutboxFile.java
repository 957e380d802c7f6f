package dev.deskphone.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the running app's outbox so that a bad file never stops the phone: one that is damaged, not
 * a database, or from a newer Deskphone ({@link OutboxUnreadableException}) is renamed to
 * {@code outbox.db.unreadable-<UTC time>} (with its {@code -wal} and {@code -shm} companions, which
 * belong to it), kept for an administrator, named in the log, and a fresh outbox is opened in its
 * place. Any other failure (permissions, a full disk, a lock) is not the file's fault and is thrown.
 *
 * <p>Only the app does this; the {@code deskphone events} commands open the file as it is, since they
 * may run while the app holds it.
 */
public final class OutboxFile {
    private static final Logger log = LoggerFactory.getLogger(OutboxFile.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * @param movedAside where the unusable file went, and why; empty when the file was fine
     */
    public record Opened(Outbox outbox, Optional<MovedAside> movedAside) {}

    /** An outbox file that could not be used, as it is now named. */
    public record MovedAside(Path file, String reason) {
        /** One line for the window's banner and {@code deskphone status}. */
        public String warning() {
            return "The call-event outbox could not be read (" + reason + "); it was kept as " + file
                    + " and a new one started. Events stored in it were not sent.";
        }
    }

    private OutboxFile() {}

    public static Opened open(Path file, int capacity, boolean durable, Instant now) {
        try {
            return new Opened(Outbox.open(file, capacity, durable), Optional.empty());
        } catch (OutboxUnreadableException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + STAMP.format(now));
            moveAside(file, aside);
            log.error(
                    "The call-event outbox {} cannot be used ({}); kept it as {} and started a new one",
                    file,
                    e.getMessage(),
                    aside,
                    e);
            return new Opened(Outbox.open(file, capacity, durable), Optional.of(new MovedAside(aside, e.reason())));
        }
    }

    private static void moveAside(Path file, Path aside) {
        try {
            for (String companion : new String[] {"-wal", "-shm"}) {
                Path from = file.resolveSibling(file.getFileName() + companion);
                if (Files.exists(from)) {
                    Files.move(
                            from,
                            aside.resolveSibling(aside.getFileName() + companion),
                            StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the unusable outbox " + file + " aside to " + aside, e);
        }
    }
}
