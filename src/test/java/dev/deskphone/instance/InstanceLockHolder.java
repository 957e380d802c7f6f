package dev.deskphone.instance;

import java.nio.file.Path;

/** A separate launch holding a configuration's instance lock until its stdin closes (InstanceLockTest). */
public final class InstanceLockHolder {
    private InstanceLockHolder() {}

    public static void main(String[] args) throws Exception {
        InstanceAddress address = new InstanceAddress(Path.of(args[0]));
        try (InstanceLock lock = InstanceLock.tryAcquire(address).orElseThrow()) {
            System.out.println("locked");
            System.out.flush();
            System.in.read();
        }
    }
}
