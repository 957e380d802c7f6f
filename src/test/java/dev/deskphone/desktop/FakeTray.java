package dev.deskphone.desktop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tray that exists (or not) without AWT: what the shell asked of it is recorded. */
final class FakeTray implements DesktopTray {
    final boolean available;
    final List<TrayStatus> statuses = new CopyOnWriteArrayList<>();
    volatile TrayActions actions;
    volatile Boolean checkboxState;
    volatile boolean removed;

    FakeTray(boolean available) {
        this.available = available;
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public void show(TrayActions trayActions, boolean closeToTray) {
        actions = trayActions;
        checkboxState = closeToTray;
    }

    @Override
    public void update(TrayStatus status) {
        statuses.add(status);
    }

    @Override
    public void remove() {
        removed = true;
    }
}
