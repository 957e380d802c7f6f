package dev.deskphone.desktop;

/**
 * The desktop's system tray, where there is one. {@link #isAvailable()} may be slow the first time
 * (it starts AWT): ask off the FX thread. The other methods may be called from any thread.
 */
interface DesktopTray {
    boolean isAvailable();

    /** Shows the icon with its menu; {@code closeToTray} is the menu's checkbox state. */
    void show(TrayActions actions, boolean closeToTray);

    void update(TrayStatus status);

    void remove();

    /** Where no tray exists (Xvfb, GNOME without the AppIndicator extension): closing the window quits. */
    DesktopTray NONE = new DesktopTray() {
        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public void show(TrayActions actions, boolean closeToTray) {}

        @Override
        public void update(TrayStatus status) {}

        @Override
        public void remove() {}
    };
}
