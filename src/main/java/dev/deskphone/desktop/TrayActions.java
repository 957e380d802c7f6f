package dev.deskphone.desktop;

/** What the tray menu can ask of the app. Called on the AWT event thread: implementations hand off. */
interface TrayActions {
    void showWindow();

    void registerAll();

    void unregisterAll();

    void closeToTrayChanged(boolean keepRunningInTray);

    /** Do not disturb on or off for every account. */
    void doNotDisturb(boolean on);

    void quit();
}
