package dev.deskphone.instance;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The claim to be the running instance for one configuration: an exclusive lock on a file beside
 * the instance socket, held for the app's life. Two launches at the same moment race on this lock
 * (the kernel lets exactly one have it), not on creating the socket; the OS releases it when the
 * holder exits, however it ends, so a crash leaves no claim behind.
 *
 * <p>The file itself is never deleted: a launch that opened it just before the deletion would lock
 * a file nobody else can see, and two instances would run.
 */
public final class InstanceLock implements AutoCloseable {
    private final FileChannel file;
    private final FileLock lock;

    private InstanceLock(FileChannel file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /** The lock, or empty when another launch (this process or another) holds it. */
    static Optional<InstanceLock> tryAcquire(InstanceAddress address) throws IOException {
        address.prepareDirectory();
        FileChannel file = FileChannel.open(address.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = file.tryLock();
            if (lock != null) {
                return Optional.of(new InstanceLock(file, lock));
            }
        } catch (OverlappingFileLockException heldInThisProcess) {
            // Fall through: held, as for another process.
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        file.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        try (file) {
            lock.release();
        }
    }
}
