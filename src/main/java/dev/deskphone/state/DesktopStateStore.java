package dev.deskphone.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop state in memory and on disk: read once at start, changed from any thread, written
 * (atomically) on the given executor so the FX thread never waits for the disk.
 */
public final class DesktopStateStore {
    public static final String FILE_NAME = "desktop.json";
    private static final Logger log = LoggerFactory.getLogger(DesktopStateStore.class);

    private final AtomicJsonFile<DesktopState> file;
    private final Executor writer;
    private DesktopState current;

    public DesktopStateStore(Path dataDir, ObjectMapper json, Executor writer) {
        this.file = new AtomicJsonFile<>(dataDir.resolve(FILE_NAME), DesktopState.class, json);
        this.writer = writer;
        this.current = file.read().orElse(DesktopState.DEFAULTS);
    }

    public synchronized DesktopState get() {
        return current;
    }

    /** Applies the change now and writes the result in the background. */
    public void update(UnaryOperator<DesktopState> change) {
        DesktopState next;
        synchronized (this) {
            next = change.apply(current);
            current = next;
        }
        writer.execute(() -> writeLatest(next));
    }

    private synchronized void writeLatest(DesktopState snapshot) {
        // A later update may already be queued: write only the newest state, and only once.
        if (snapshot != current) {
            return;
        }
        try {
            file.write(snapshot);
        } catch (IOException e) {
            log.warn("Could not save the window and tray settings to {}: {}", file.path(), e.toString());
        }
    }
}
