package dev.deskphone.desktop;

import java.awt.AWTException;
import java.awt.CheckboxMenuItem;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.ItemEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray icon through AWT's {@link SystemTray} (XEmbed on Linux, the notification area on Windows,
 * the menu bar on macOS). Every AWT call runs on the AWT event thread, never on the FX thread; the
 * menu's actions are handed to {@link TrayActions}, which moves them where they belong.
 */
public final class AwtTray implements DesktopTray {
    private static final Logger log = LoggerFactory.getLogger(AwtTray.class);

    private volatile Boolean available;
    // AWT event thread only.
    private TrayIcon icon;
    private MenuItem statusItem;
    private CheckboxMenuItem dndItem;
    private final Map<TrayStatus.Level, Image> images = new EnumMap<>(TrayStatus.Level.class);

    @Override
    public boolean isAvailable() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    private static boolean probe() {
        try {
            return !GraphicsEnvironment.isHeadless() && SystemTray.isSupported();
        } catch (RuntimeException | Error e) {
            log.info("No system tray: {}", e.toString());
            return false;
        }
    }

    @Override
    public void show(TrayActions actions, boolean closeToTray) {
        if (!isAvailable()) {
            return;
        }
        EventQueue.invokeLater(() -> {
            try {
                install(actions, closeToTray);
            } catch (AWTException | IOException | RuntimeException e) {
                log.warn("The tray icon could not be added: {}", e.toString());
                available = false;
            }
        });
    }

    private void install(TrayActions actions, boolean closeToTray) throws AWTException, IOException {
        SystemTray tray = SystemTray.getSystemTray();
        BufferedImage base = loadIcon(tray.getTrayIconSize().height > 24 ? 48 : 32);
        for (TrayStatus.Level level : TrayStatus.Level.values()) {
            images.put(level, withBadge(base, level));
        }
        PopupMenu menu = new PopupMenu();
        statusItem = new MenuItem("Deskphone");
        statusItem.setEnabled(false);
        menu.add(statusItem);
        menu.addSeparator();
        menu.add(item("Show Deskphone", actions::showWindow));
        menu.add(item("Register all", actions::registerAll));
        menu.add(item("Unregister all", actions::unregisterAll));
        dndItem = new CheckboxMenuItem("Do not disturb (all accounts)", false);
        dndItem.addItemListener(e -> actions.doNotDisturb(e.getStateChange() == ItemEvent.SELECTED));
        menu.add(dndItem);
        CheckboxMenuItem keepRunning = new CheckboxMenuItem("Keep running when the window is closed", closeToTray);
        keepRunning.addItemListener(e -> actions.closeToTrayChanged(e.getStateChange() == ItemEvent.SELECTED));
        menu.add(keepRunning);
        menu.addSeparator();
        menu.add(item("Quit", actions::quit));

        icon = new TrayIcon(images.get(TrayStatus.Level.NONE_CONFIGURED), "Deskphone", menu);
        icon.setImageAutoSize(true);
        icon.addActionListener(e -> actions.showWindow()); // double-click (Windows, most Linux trays)
        tray.add(icon);
        log.info("Tray icon added");
    }

    private static MenuItem item(String label, Runnable action) {
        MenuItem item = new MenuItem(label);
        item.addActionListener(e -> action.run());
        return item;
    }

    @Override
    public void update(TrayStatus status) {
        EventQueue.invokeLater(() -> {
            if (icon != null) {
                icon.setToolTip(status.tooltip());
                icon.setImage(images.get(status.level()));
                statusItem.setLabel(
                        status.total() == 0
                                ? "No accounts"
                                : "Registered " + status.registered() + "/" + status.total());
                dndItem.setState(status.allDnd());
            }
        });
    }

    @Override
    public void remove() {
        if (!Boolean.TRUE.equals(available)) {
            return;
        }
        EventQueue.invokeLater(() -> {
            if (icon != null) {
                SystemTray.getSystemTray().remove(icon);
                icon = null;
            }
        });
    }

    private static BufferedImage loadIcon(int size) throws IOException {
        try (InputStream in = AwtTray.class.getResourceAsStream("/icons/deskphone-" + size + ".png")) {
            if (in == null) {
                throw new IOException("icon resource missing: /icons/deskphone-" + size + ".png");
            }
            return ImageIO.read(in);
        }
    }

    /** The app icon with a status dot in its corner: green all registered, amber some, red none. */
    private static Image withBadge(BufferedImage base, TrayStatus.Level level) {
        Color colour = switch (level) {
            case ALL_REGISTERED -> new Color(0x2e, 0xcc, 0x40);
            case SOME_REGISTERED -> new Color(0xff, 0xaa, 0x00);
            case NONE_REGISTERED -> new Color(0xe0, 0x3c, 0x31);
            case NONE_CONFIGURED -> null;
        };
        BufferedImage image = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.drawImage(base, 0, 0, null);
        if (colour != null) {
            int d = base.getWidth() * 2 / 5;
            int at = base.getWidth() - d;
            g.setColor(Color.WHITE);
            g.fillOval(at - 1, at - 1, d + 1, d + 1);
            g.setColor(colour);
            g.fillOval(at + 1, at + 1, d - 3, d - 3);
        }
        g.dispose();
        return image;
    }
}
